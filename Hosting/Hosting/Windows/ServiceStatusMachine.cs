namespace VmsServices.Hosting.Lifetime.Windows;

/// <summary>SERVICE_STATUS.dwCurrentState values (winsvc.h).</summary>
public enum ServiceState
{
    Stopped = 1,
    StartPending = 2,
    StopPending = 3,
    Running = 4,
}

/// <summary>What the control handler does with a control code from the service control manager.</summary>
public enum ControlDecision
{
    /// <summary>Stop the host (SERVICE_CONTROL_STOP / SHUTDOWN); report STOP_PENDING first.</summary>
    Stop,

    /// <summary>Answer NO_ERROR and report the current status again (INTERROGATE, or a repeated stop).</summary>
    ReportCurrent,

    /// <summary>Answer ERROR_CALL_NOT_IMPLEMENTED: a control this service does not accept.</summary>
    NotImplemented,
}

/// <summary>One SERVICE_STATUS to hand to SetServiceStatus (the service type is filled in by the caller).</summary>
public readonly record struct ServiceStatusReport(
    ServiceState State, int ControlsAccepted, int Win32ExitCode, int ServiceSpecificExitCode, int CheckPoint, int WaitHintMs);

/// <summary>
/// Which status a Windows service reports when; no Windows API here, so the rules are unit-tested
/// on any OS. The SCM wants: START_PENDING with a growing checkpoint and a wait hint while the host
/// starts, RUNNING (accepting STOP and SHUTDOWN) once it has started, STOP_PENDING with a growing
/// checkpoint while it stops, and STOPPED last, with a service-specific exit code on failure so
/// that the recovery actions (restart) apply. Thread-safe: the SCM calls in on its own threads.
/// </summary>
public sealed class ServiceStatusMachine(TimeSpan startWaitHint, TimeSpan stopWaitHint)
{
    public const int AcceptStop = 0x1;                 // SERVICE_ACCEPT_STOP
    public const int AcceptShutdown = 0x4;             // SERVICE_ACCEPT_SHUTDOWN
    public const int ControlStop = 0x1;                // SERVICE_CONTROL_STOP
    public const int ControlInterrogate = 0x4;         // SERVICE_CONTROL_INTERROGATE
    public const int ControlShutdown = 0x5;            // SERVICE_CONTROL_SHUTDOWN
    public const int ErrorServiceSpecific = 1066;      // ERROR_SERVICE_SPECIFIC_ERROR

    private readonly object _gate = new();
    private ServiceStatusReport _current = new(ServiceState.Stopped, 0, 0, 0, 0, 0);

    public ServiceStatusReport Current
    {
        get { lock (_gate) return _current; }
    }

    /// <summary>ServiceMain was entered: the host is starting.</summary>
    public ServiceStatusReport Starting()
    {
        lock (_gate)
            return _current = new(ServiceState.StartPending, 0, 0, 0, 1, Ms(startWaitHint));
    }

    /// <summary>The host has started. A stop that came first wins: its status stays.</summary>
    public ServiceStatusReport Started()
    {
        lock (_gate)
        {
            if (_current.State != ServiceState.StartPending) return _current;
            return _current = new(ServiceState.Running, AcceptStop | AcceptShutdown, 0, 0, 0, 0);
        }
    }

    /// <summary>A stop was asked for (by the SCM or by the application itself).</summary>
    public ServiceStatusReport StopRequested()
    {
        lock (_gate)
        {
            if (_current.State == ServiceState.Stopped) return _current;
            var checkPoint = _current.State == ServiceState.StopPending ? _current.CheckPoint + 1 : 1;
            return _current = new(ServiceState.StopPending, 0, 0, 0, checkPoint, Ms(stopWaitHint));
        }
    }

    /// <summary>
    /// Still working on a start or a stop: the next checkpoint, so that the SCM does not give up
    /// after the wait hint. Null when there is nothing pending (nothing to report).
    /// </summary>
    public ServiceStatusReport? Progress()
    {
        lock (_gate)
        {
            if (_current.State is not (ServiceState.StartPending or ServiceState.StopPending)) return null;
            return _current = _current with { CheckPoint = _current.CheckPoint + 1 };
        }
    }

    /// <summary>The host has stopped; a non-zero <paramref name="exitCode"/> is reported as a failure.</summary>
    public ServiceStatusReport Stopped(int exitCode)
    {
        lock (_gate)
        {
            return _current = exitCode == 0
                ? new(ServiceState.Stopped, 0, 0, 0, 0, 0)
                : new(ServiceState.Stopped, 0, ErrorServiceSpecific, exitCode, 0, 0);
        }
    }

    public ControlDecision Decide(int control)
    {
        lock (_gate)
        {
            return control switch
            {
                ControlStop or ControlShutdown when _current.State == ServiceState.Running => ControlDecision.Stop,
                ControlStop or ControlShutdown or ControlInterrogate => ControlDecision.ReportCurrent,
                _ => ControlDecision.NotImplemented,
            };
        }
    }

    private static int Ms(TimeSpan t) => (int)Math.Clamp(t.TotalMilliseconds, 0, int.MaxValue);
}
