using VmsServices.Hosting.Lifetime;

namespace VmsServices.Operations.Tests;

/// <summary>How a process decides between console, systemd and Windows service.</summary>
public class ServiceHostingTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] vars) =>
        k => vars.FirstOrDefault(v => v.Key == k).Value;

    [Test]
    public void Windows_with_service_switch_is_a_windows_service_and_the_switch_is_no_setting()
    {
        var h = ServiceHosting.Detect(["--service", "--urls", "http://0.0.0.0:5080"], windows: true, Env(), () => false);
        Assert.That(h.Mode, Is.EqualTo(ServiceHostMode.WindowsService));
        Assert.That(h.Args, Is.EqualTo(new[] { "--urls", "http://0.0.0.0:5080" }));
        Assert.That(h.WebApplicationOptions.ContentRootPath, Is.EqualTo(AppContext.BaseDirectory), "not System32");
    }

    [Test]
    public void Windows_child_of_services_exe_is_a_windows_service_otherwise_a_console()
    {
        Assert.That(ServiceHosting.Detect([], true, Env(), () => true).Mode, Is.EqualTo(ServiceHostMode.WindowsService));
        var console = ServiceHosting.Detect(["--urls", "x"], true, Env(), () => false);
        Assert.That(console.Mode, Is.EqualTo(ServiceHostMode.Console));
        Assert.That(console.WebApplicationOptions.ContentRootPath, Is.Null, "a console keeps its working directory as content root");
    }

    [Test]
    public void Linux_under_systemd_is_systemd_otherwise_a_console_even_with_the_switch()
    {
        Assert.That(ServiceHosting.Detect([], false, Env(("NOTIFY_SOCKET", "/run/systemd/notify")), () => true).Mode, Is.EqualTo(ServiceHostMode.Systemd));
        Assert.That(ServiceHosting.Detect([], false, Env(("INVOCATION_ID", "abc")), () => false).Mode, Is.EqualTo(ServiceHostMode.Systemd));
        var console = ServiceHosting.Detect(["--service"], false, Env(), () => true);
        Assert.That(console.Mode, Is.EqualTo(ServiceHostMode.Console));
        Assert.That(console.Args, Is.Empty);
    }
}
