// MlOps dashboard: keeps live pages fresh and sorts tables. Pages work without it.
(() => {
  'use strict';

  const liveMain = () => document.querySelector('main[data-live]');

  // A live page (a run or sweep in progress) re-reads itself and swaps in the new <main>
  // until the server stops marking it live.
  function schedule() {
    const main = liveMain();
    if (main) {
      setTimeout(refresh, Number(main.dataset.live) || 3000);
    }
  }

  async function refresh() {
    const main = liveMain();
    if (!main) {
      return;
    }
    try {
      const response = await fetch(location.href, { credentials: 'same-origin', headers: { 'x-dashboard-refresh': '1' } });
      if (response.status === 401) {
        // The sign-in has expired: reload, which leads to the sign-in form.
        location.reload();
        return;
      }
      if (response.ok) {
        const page = new DOMParser().parseFromString(await response.text(), 'text/html');
        const fresh = page.querySelector('main');
        if (fresh) {
          main.replaceWith(document.adoptNode(fresh));
          document.title = page.title;
          wire();
        }
      }
    } catch {
      // The host may be restarting: the next round tries again.
    }
    schedule();
  }

  function cellValue(row, index) {
    const cell = row.cells[index];
    if (!cell) {
      return '';
    }
    const value = cell.dataset.value ?? cell.textContent.trim();
    const number = Number(value);
    return value !== '' && !Number.isNaN(number) ? number : value.toLowerCase();
  }

  function sortBy(header) {
    const table = header.closest('table');
    const body = table.tBodies[0];
    const index = Array.from(header.parentElement.cells).indexOf(header);
    const descending = header.dataset.direction !== 'desc';
    table.querySelectorAll('th[data-sort]').forEach(th => delete th.dataset.direction);
    header.dataset.direction = descending ? 'desc' : 'asc';
    const rows = Array.from(body.rows);
    rows.sort((a, b) => {
      const x = cellValue(a, index);
      const y = cellValue(b, index);
      const order = x < y ? -1 : x > y ? 1 : 0;
      return descending ? -order : order;
    });
    rows.forEach(row => body.appendChild(row));
  }

  function wire() {
    document.querySelectorAll('table.sortable th[data-sort]').forEach(header => {
      if (!header.dataset.wired) {
        header.dataset.wired = 'true';
        header.addEventListener('click', () => sortBy(header));
      }
    });
  }

  wire();
  schedule();
})();
