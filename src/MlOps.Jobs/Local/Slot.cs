namespace MlOps.Jobs.Local;

/// <summary>A place to run one job: a CPU slot, or a GPU slot bound to one device index.</summary>
internal sealed record Slot(int? Gpu)
{
    public bool IsGpu => Gpu is not null;

    public string Placement => Gpu is { } index ? $"gpu {index}" : "cpu";

    /// <summary>CUDA_VISIBLE_DEVICES for a job in this slot: its device, or none at all for CPU jobs.</summary>
    public string CudaVisibleDevices => Gpu?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
