using VmsServices.Hosting.Lifetime.Windows;

namespace VmsServices.Operations.Tests;

/// <summary>Which SERVICE_STATUS the Windows lifetime reports when (the logic, without Windows).</summary>
public class ServiceStatusMachineTests
{
    private static ServiceStatusMachine NewMachine() => new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30));

    [Test]
    public void Start_reports_start_pending_with_wait_hint_then_running_accepting_stop_and_shutdown()
    {
        var m = NewMachine();
        var starting = m.Starting();
        Assert.That(starting, Is.EqualTo(new ServiceStatusReport(ServiceState.StartPending, 0, 0, 0, 1, 60_000)));
        Assert.That(m.Progress(), Is.EqualTo(starting with { CheckPoint = 2 }), "checkpoint grows while starting");
        var running = m.Started();
        Assert.That(running.State, Is.EqualTo(ServiceState.Running));
        Assert.That(running.ControlsAccepted, Is.EqualTo(ServiceStatusMachine.AcceptStop | ServiceStatusMachine.AcceptShutdown));
        Assert.That((running.CheckPoint, running.WaitHintMs), Is.EqualTo((0, 0)));
        Assert.That(m.Progress(), Is.Null, "nothing pending: nothing to report");
    }

    [TestCase(ServiceStatusMachine.ControlStop)]
    [TestCase(ServiceStatusMachine.ControlShutdown)]
    public void Stop_and_shutdown_stop_a_running_service_with_stop_pending(int control)
    {
        var m = NewMachine();
        m.Starting();
        m.Started();
        Assert.That(m.Decide(control), Is.EqualTo(ControlDecision.Stop));
        var stopping = m.StopRequested();
        Assert.That(stopping, Is.EqualTo(new ServiceStatusReport(ServiceState.StopPending, 0, 0, 0, 1, 30_000)));
        Assert.That(m.Progress()!.Value.CheckPoint, Is.EqualTo(2));
        Assert.That(m.StopRequested().CheckPoint, Is.EqualTo(3), "the application's own stopping event only advances the checkpoint");
        Assert.That(m.Decide(control), Is.EqualTo(ControlDecision.ReportCurrent), "a repeated stop is not a second stop");
        Assert.That(m.Stopped(0), Is.EqualTo(new ServiceStatusReport(ServiceState.Stopped, 0, 0, 0, 0, 0)));
    }

    [Test]
    public void Interrogate_reports_current_and_other_controls_are_not_implemented()
    {
        var m = NewMachine();
        m.Starting();
        m.Started();
        Assert.That(m.Decide(ServiceStatusMachine.ControlInterrogate), Is.EqualTo(ControlDecision.ReportCurrent));
        Assert.That(m.Decide(0x2 /* PAUSE */), Is.EqualTo(ControlDecision.NotImplemented));
        Assert.That(m.Decide(0xF /* PRESHUTDOWN, not accepted */), Is.EqualTo(ControlDecision.NotImplemented));
    }

    [Test]
    public void A_stop_while_starting_is_not_overridden_by_the_late_started_event()
    {
        var m = NewMachine();
        m.Starting();
        Assert.That(m.Decide(ServiceStatusMachine.ControlStop), Is.EqualTo(ControlDecision.ReportCurrent), "no STOP is accepted while START_PENDING");
        m.StopRequested(); // the application stopped itself during start
        Assert.That(m.Started().State, Is.EqualTo(ServiceState.StopPending));
    }

    [Test]
    public void A_failed_run_reports_a_service_specific_exit_code_so_recovery_applies()
    {
        var m = NewMachine();
        m.Starting();
        var stopped = m.Stopped(3);
        Assert.That(stopped.State, Is.EqualTo(ServiceState.Stopped));
        Assert.That(stopped.Win32ExitCode, Is.EqualTo(ServiceStatusMachine.ErrorServiceSpecific));
        Assert.That(stopped.ServiceSpecificExitCode, Is.EqualTo(3));
        Assert.That(m.StopRequested().State, Is.EqualTo(ServiceState.Stopped), "nothing after STOPPED");
        Assert.That(m.Progress(), Is.Null);
    }
}
