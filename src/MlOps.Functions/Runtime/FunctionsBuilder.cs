namespace MlOps.Functions.Runtime;

/// <summary>Registers functions by name and trigger: <c>services.AddFunctions(f => f.AddHttp&lt;X&gt;(…))</c>.</summary>
public sealed class FunctionsBuilder(IServiceCollection services, FunctionCatalog catalog)
{
    public FunctionsBuilder AddHttp<TFunction>(string name, AuthorizationLevel level, string method, string route)
        where TFunction : class, IHttpFunction
    {
        services.AddScoped<TFunction>();
        catalog.Add(new FunctionDescriptor(name, TriggerKind.Http, route, [method.ToUpperInvariant()], level) { Handler = typeof(TFunction) });
        return this;
    }

    public FunctionsBuilder AddEventGrid<TFunction>(string name)
        where TFunction : class, IEventGridFunction
    {
        services.AddScoped<TFunction>();
        catalog.Add(new FunctionDescriptor(name, TriggerKind.EventGrid) { Handler = typeof(TFunction) });
        return this;
    }

    /// <summary>A timer on a six-field NCRONTAB schedule, e.g. "0 0 3 1 * *" (03:00 UTC on the 1st of each month).</summary>
    public FunctionsBuilder AddTimer<TFunction>(string name, string schedule)
        where TFunction : class, ITimerFunction
    {
        _ = NcrontabSchedule.Parse(schedule);
        services.AddScoped<TFunction>();
        catalog.Add(new FunctionDescriptor(name, TriggerKind.Timer, Schedule: schedule) { Handler = typeof(TFunction) });
        return this;
    }
}
