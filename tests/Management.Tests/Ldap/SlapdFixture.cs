namespace VmsServices.Management.Tests.Ldap;

/// <summary>A test fixture that shares one <see cref="Slapd"/> among its tests, started once and stopped also when a test fails.</summary>
public abstract class SlapdFixture(bool withTls = false)
{
    private Slapd? _server;

    protected Slapd Server => _server ?? throw new InvalidOperationException("slapd did not start.");

    [OneTimeSetUp]
    public async Task StartSlapd() => _server = await Slapd.StartAsync(withTls);

    [OneTimeTearDown]
    public async Task StopSlapd()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
