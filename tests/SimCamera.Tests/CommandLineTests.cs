using System.Net;

namespace VmsServices.SimCamera.Tests;

public class CommandLineTests
{
    [Test]
    public void Onvif_and_discovery_arguments_fill_the_options()
    {
        var (options, _) = CommandLine.Parse(["--onvif-port", "8080", "--onvif-auth", "httpdigest", "--identity-seed", "lab-2",
            "--discovery-port", "3702", "--announce-to", "127.0.0.1:5000"])!.Value;

        Assert.That(options.OnvifPort, Is.EqualTo(8080));
        Assert.That(options.OnvifAuth, Is.EqualTo(OnvifAuthMode.HttpDigest));
        Assert.That(options.IdentitySeed, Is.EqualTo("lab-2"));
        Assert.That(options.DiscoveryEndpoint, Is.EqualTo(new IPEndPoint(IPAddress.Loopback, 3702)), "discovery binds loopback only");
        Assert.That(options.DiscoveryMulticast, Is.False, "never on by default");
        Assert.That(options.AnnounceTo, Is.EqualTo(new IPEndPoint(IPAddress.Loopback, 5000)));
    }

    [Test]
    public void Without_onvif_arguments_nothing_but_rtsp_is_served()
    {
        var (options, _) = CommandLine.Parse([])!.Value;
        Assert.That((options.OnvifPort, options.DiscoveryEndpoint, options.AnnounceTo), Is.EqualTo(((int?)null, (IPEndPoint?)null, (IPEndPoint?)null)));
    }

    [Test]
    public void Max_lag_sets_how_far_a_client_may_fall_behind()
    {
        Assert.That(CommandLine.Parse([])!.Value.Options.MaxClientLag, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(CommandLine.Parse(["--max-lag", "10"])!.Value.Options.MaxClientLag, Is.EqualTo(TimeSpan.FromSeconds(10)));
    }

    [TestCase("--discovery-port 3702", "--onvif-port")]
    [TestCase("--onvif-port 0 --discovery-multicast", "--discovery-port")]
    [TestCase("--onvif-port 0 --announce-to 127.0.0.1:9", "--discovery-port")]
    [TestCase("--onvif-auth Basic", "UsernameToken or HttpDigest")]
    [TestCase("--onvif-port 70000", "0..65535")]
    [TestCase("--onvif-port 0 --discovery-port 1 --announce-to 127.0.0.1", "host:port")]
    [TestCase("--onvif-port", "needs a value")]
    [TestCase("--max-lag 0", "more than 0 seconds")]
    public void Inconsistent_arguments_are_explained(string arguments, string message)
    {
        Assert.That(() => CommandLine.Parse(arguments.Split(' ')), Throws.ArgumentException.With.Message.Contains(message));
    }
}
