namespace VmsServices.SimCamera.Tests.Onvif;

/// <summary>Base of the fixtures that need a fresh server on a manual clock for every test, and a SOAP client.</summary>
public abstract class ManualClockServerTest
{
    private protected ManualClock Clock { get; private set; } = null!;
    private protected SimulatedCameraServer Server { get; private set; } = null!;
    private protected SoapClient Soap { get; private set; } = null!;

    /// <summary>What the fixture changes on top of <see cref="OnvifServer"/>'s defaults and the manual clock.</summary>
    private protected virtual void Configure(SimulatedCameraOptions options)
    {
    }

    [SetUp]
    public async Task StartServer()
    {
        Clock = ManualClock.StartingAt2030();
        Server = await OnvifServer.StartAsync(o =>
        {
            o.TimeProvider = Clock;
            Configure(o);
        });
        Soap = new SoapClient();
    }

    [TearDown]
    public async Task StopServer()
    {
        Soap.Dispose();
        await Server.DisposeAsync();
    }
}
