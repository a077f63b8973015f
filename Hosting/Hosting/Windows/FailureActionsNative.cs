using System.Runtime.InteropServices;

namespace VmsServices.Hosting.Lifetime.Windows;

/// <summary>
/// Recovery of the service: what the SCM does when the process dies or stops with a failure. The MSI
/// cannot set it (wixl aborts on ServiceConfig), so the service sets it on itself whenever it runs
/// as a service; the call is idempotent.
/// </summary>
public sealed record FailureActionsPlan(TimeSpan ResetPeriod, IReadOnlyList<TimeSpan> RestartDelays)
{
    /// <summary>Restart after 5 s, 10 s, then 30 s for every later failure; the count resets after a day without failures.</summary>
    public static FailureActionsPlan Default { get; } =
        new(TimeSpan.FromDays(1), [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)]);
}

/// <summary>Builds the native SERVICE_FAILURE_ACTIONSW block for ChangeServiceConfig2W.</summary>
internal static class FailureActionsNative
{
    /// <summary>
    /// One HGlobal block: the SERVICE_FAILURE_ACTIONSW header followed by its SC_ACTION array, so a
    /// single <see cref="Marshal.FreeHGlobal"/> releases both. The SCM repeats the last action for
    /// every later failure.
    /// </summary>
    public static IntPtr Allocate(FailureActionsPlan plan)
    {
        var headerSize = Marshal.SizeOf<ServiceFailureActions>();
        var actionSize = Marshal.SizeOf<ScAction>();
        var block = Marshal.AllocHGlobal(headerSize + actionSize * plan.RestartDelays.Count);
        var actions = block + headerSize;
        for (var i = 0; i < plan.RestartDelays.Count; i++)
        {
            var action = new ScAction { Type = ScAction.Restart, DelayMs = (int)plan.RestartDelays[i].TotalMilliseconds };
            Marshal.StructureToPtr(action, actions + i * actionSize, false);
        }
        var header = new ServiceFailureActions
        {
            ResetPeriodSeconds = (int)plan.ResetPeriod.TotalSeconds,
            RebootMessage = IntPtr.Zero,
            Command = IntPtr.Zero,
            ActionCount = plan.RestartDelays.Count,
            Actions = plan.RestartDelays.Count == 0 ? IntPtr.Zero : actions,
        };
        Marshal.StructureToPtr(header, block, false);
        return block;
    }

    /// <summary>
    /// Sets the failure actions of <paramref name="serviceName"/>, and makes them apply also when the
    /// service stops with a non-zero exit code (not only when the process crashes). Throws
    /// Win32Exception with the failing call's error.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    public static void Apply(string serviceName, FailureActionsPlan plan)
    {
        var scm = NativeMethods.OpenSCManager(null, null, NativeMethods.ScManagerConnect);
        if (scm == IntPtr.Zero) throw Win32("OpenSCManagerW");
        try
        {
            var service = NativeMethods.OpenService(scm, serviceName, NativeMethods.ServiceChangeConfig | NativeMethods.ServiceStart);
            if (service == IntPtr.Zero) throw Win32("OpenServiceW");
            try
            {
                var block = Allocate(plan);
                try
                {
                    if (!NativeMethods.ChangeServiceConfig2(service, NativeMethods.ServiceConfigFailureActions, block))
                        throw Win32("ChangeServiceConfig2W(SERVICE_CONFIG_FAILURE_ACTIONS)");
                }
                finally
                {
                    Marshal.FreeHGlobal(block);
                }
                var flag = Marshal.AllocHGlobal(Marshal.SizeOf<ServiceFailureActionsFlag>());
                try
                {
                    Marshal.StructureToPtr(new ServiceFailureActionsFlag { FailureActionsOnNonCrashFailures = 1 }, flag, false);
                    if (!NativeMethods.ChangeServiceConfig2(service, NativeMethods.ServiceConfigFailureActionsFlag, flag))
                        throw Win32("ChangeServiceConfig2W(SERVICE_CONFIG_FAILURE_ACTIONS_FLAG)");
                }
                finally
                {
                    Marshal.FreeHGlobal(flag);
                }
            }
            finally
            {
                NativeMethods.CloseServiceHandle(service);
            }
        }
        finally
        {
            NativeMethods.CloseServiceHandle(scm);
        }
    }

    private static System.ComponentModel.Win32Exception Win32(string call)
    {
        var error = Marshal.GetLastWin32Error();
        return new System.ComponentModel.Win32Exception(error, $"{call} failed with Win32 error {error}.");
    }
}
