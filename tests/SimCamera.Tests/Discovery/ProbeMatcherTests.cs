using VmsServices.SimCamera.Discovery;

namespace VmsServices.SimCamera.Tests.Discovery;

/// <summary>Scope matching rules of WS-Discovery 2005/04 §5.1.</summary>
public class ProbeMatcherTests
{
    private const string Rfc2396 = "http://schemas.xmlsoap.org/ws/2005/04/discovery/rfc2396";
    private const string Strcmp0 = "http://schemas.xmlsoap.org/ws/2005/04/discovery/strcmp0";
    private const string Device = "onvif://www.onvif.org/name/SimCamera%20cam1";

    [TestCase("onvif://www.onvif.org/name/SimCamera%20cam1", Rfc2396, true)]
    [TestCase("onvif://www.onvif.org/name", Rfc2396, true)]
    [TestCase("onvif://www.onvif.org", Rfc2396, true)]
    [TestCase("ONVIF://WWW.onvif.org/name", Rfc2396, true)]
    [TestCase("onvif://www.onvif.org/name/SimCamera cam1", Rfc2396, true)]
    [TestCase("onvif://www.onvif.org/na", Rfc2396, false)]
    [TestCase("onvif://www.onvif.org/Name", Rfc2396, false)]
    [TestCase("onvif://www.onvif.org/name/SimCamera%20cam1/more", Rfc2396, false)]
    [TestCase("onvif://www.onvif.org/name/../name", Rfc2396, false)]
    [TestCase("not a uri", Rfc2396, false)]
    [TestCase("onvif://www.onvif.org/name/SimCamera%20cam1", Strcmp0, true)]
    [TestCase("onvif://www.onvif.org/name", Strcmp0, false)]
    [TestCase("onvif://www.onvif.org/name", "http://schemas.xmlsoap.org/ws/2005/04/discovery/ldap", false)]
    public void Scope_matching(string probed, string matchBy, bool matches)
    {
        Assert.That(ProbeMatcher.ScopeMatches(probed, Device, matchBy), Is.EqualTo(matches));
    }
}
