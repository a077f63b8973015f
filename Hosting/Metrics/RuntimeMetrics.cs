using System.Diagnostics.Metrics;
using System.Runtime;

namespace VmsServices.Hosting.Metrics;

/// <summary>
/// The JIT's work so far (meter <c>VmsServices.Runtime</c>): a .NET service compiles for a minute or
/// more after it starts while tiered compilation promotes hot methods, and a benchmark or an operator
/// who wants the steady state waits until <c>vms_runtime_jit_compilation_seconds_total</c> stops
/// growing. The runtime counts per process, whichever thread compiled, so in the all-in-one demo every
/// node reports the same process-wide values.
/// </summary>
public sealed class RuntimeMetrics
{
    public const string MeterName = "VmsServices.Runtime";

    public RuntimeMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableCounter("vms.runtime.jit_compilation_seconds", () => JitInfo.GetCompilationTime().TotalSeconds, "s",
            "Time the JIT spent compiling methods in this process since it started.");
        meter.CreateObservableCounter("vms.runtime.jit_compiled_methods", () => JitInfo.GetCompiledMethodCount(), "{method}",
            "Methods the JIT compiled in this process since it started (each tier counts).");
    }
}
