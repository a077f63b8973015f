using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace VmsServices.Hosting.Lifetime.Windows;

/// <summary>Settings of the Windows service lifetime.</summary>
public sealed class WindowsServiceOptions
{
    /// <summary>The service's name in the SCM (the MSI installs VmsManagement and VmsRecording).</summary>
    public string ServiceName { get; set; } = "";

    /// <summary>START_PENDING wait hint: MassTransit alone may wait 30 s for the broker.</summary>
    public TimeSpan StartWaitHint { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>STOP_PENDING wait hint: recorders finish their segments, the bus stops (10 s).</summary>
    public TimeSpan StopWaitHint { get; set; } = TimeSpan.FromSeconds(30);

    public FailureActionsPlan Recovery { get; set; } = FailureActionsPlan.Default;
}

/// <summary>
/// The generic host's lifetime when it runs as a Windows service: connects to the SCM through
/// StartServiceCtrlDispatcherW on a thread of its own, reports the statuses that
/// <see cref="ServiceStatusMachine"/> decides, turns SERVICE_CONTROL_STOP/SHUTDOWN into
/// <see cref="IHostApplicationLifetime.StopApplication"/>, and configures its own recovery.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsServiceLifetime : IHostLifetime, IDisposable
{
    private readonly IHostApplicationLifetime _application;
    private readonly ILogger _log;
    private readonly WindowsServiceOptions _options;
    private readonly ServiceStatusMachine _machine;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Kept in fields: native code calls them for the whole life of the process, the GC must not collect them.
    private readonly NativeMethods.ServiceMainCallback _serviceMain;
    private readonly NativeMethods.ServiceControlHandlerEx _handler;
    private IntPtr _statusHandle;
    private Timer? _progress;

    public WindowsServiceLifetime(IHostApplicationLifetime application, ILogger<WindowsServiceLifetime> log, WindowsServiceOptions options)
    {
        _application = application;
        _log = log;
        _options = options;
        _machine = new ServiceStatusMachine(options.StartWaitHint, options.StopWaitHint);
        _serviceMain = ServiceMain;
        _handler = Handle;
    }

    public async Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _application.ApplicationStarted.Register(() => Report(_machine.Started()));
        _application.ApplicationStopping.Register(() => Report(_machine.StopRequested()));
        new Thread(RunDispatcher) { IsBackground = true, Name = "SCM dispatcher" }.Start();
        await _started.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Last step of the host's StopAsync: everything has stopped.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        Report(_machine.Stopped(Environment.ExitCode));
        return Task.CompletedTask;
    }

    /// <summary>Reached without StopAsync when the host failed to start: STOPPED as a failure, so recovery restarts it.</summary>
    public void Dispose()
    {
        if (_machine.Current.State != ServiceState.Stopped)
            Report(_machine.Stopped(Environment.ExitCode == 0 ? 1 : Environment.ExitCode));
        _progress?.Dispose();
    }

    private void RunDispatcher()
    {
        var name = Marshal.StringToHGlobalUni(_options.ServiceName);
        try
        {
            var table = new[]
            {
                new ServiceTableEntry { ServiceName = name, ServiceProc = Marshal.GetFunctionPointerForDelegate(_serviceMain) },
                new ServiceTableEntry(),
            };
            // Returns when the service has reported STOPPED, or at once when not started by the SCM (1063).
            if (!NativeMethods.StartServiceCtrlDispatcher(table))
            {
                var error = Marshal.GetLastWin32Error();
                _started.TrySetException(new Win32Exception(error, error == NativeMethods.ErrorFailedServiceControllerConnect
                    ? "Not started by the service control manager: run without --service to run in a console."
                    : $"StartServiceCtrlDispatcherW failed with Win32 error {error}."));
            }
        }
        finally
        {
            Marshal.FreeHGlobal(name);
        }
    }

    private void ServiceMain(int argc, IntPtr argv)
    {
        _statusHandle = NativeMethods.RegisterServiceCtrlHandlerEx(_options.ServiceName, _handler, IntPtr.Zero);
        if (_statusHandle == IntPtr.Zero)
        {
            _started.TrySetException(new Win32Exception(Marshal.GetLastWin32Error(), "RegisterServiceCtrlHandlerExW failed."));
            return;
        }
        Report(_machine.Starting());
        // A checkpoint well within every wait hint, so that a slow start or stop is not taken for a hang.
        _progress = new Timer(_ => { if (_machine.Progress() is { } r) Report(r); }, null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        try
        {
            FailureActionsNative.Apply(_options.ServiceName, _options.Recovery);
        }
        catch (Win32Exception e)
        {
            _log.LogWarning(e, "Could not configure the recovery (restart on failure) of service {Service}", _options.ServiceName);
        }
        _started.TrySetResult();
    }

    private int Handle(int control, int eventType, IntPtr eventData, IntPtr context)
    {
        switch (_machine.Decide(control))
        {
            case ControlDecision.Stop:
                _log.LogInformation("Service control {Control}: stopping", control == ServiceStatusMachine.ControlShutdown ? "SHUTDOWN" : "STOP");
                Report(_machine.StopRequested());
                _application.StopApplication();
                return NativeMethods.NoError;
            case ControlDecision.ReportCurrent:
                Report(_machine.Current);
                return NativeMethods.NoError;
            default:
                return NativeMethods.ErrorCallNotImplemented;
        }
    }

    private void Report(ServiceStatusReport report)
    {
        if (_statusHandle == IntPtr.Zero) return;
        var status = ServiceStatus.From(report);
        if (!NativeMethods.SetServiceStatus(_statusHandle, ref status))
            _log.LogWarning("SetServiceStatus({State}) failed with Win32 error {Error}", report.State, Marshal.GetLastWin32Error());
    }
}
