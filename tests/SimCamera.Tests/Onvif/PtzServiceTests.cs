using System.Globalization;
using System.Net.Http.Json;
using VmsServices.SimCamera.Onvif.Ptz;
using static VmsServices.SimCamera.Tests.Onvif.SoapClient;

namespace VmsServices.SimCamera.Tests.Onvif;

/// <summary>PTZ on a manual clock: positions are exact, nothing sleeps.</summary>
public class PtzServiceTests : ManualClockServerTest
{
    private Task<SoapResponse> CallAsync(string body) => Soap.CallAsync(Server.ServiceUrl(1, "ptz_service"), body);

    private static string Move(string velocity, string timeout = "") =>
        $"<tptz:ContinuousMove><tptz:ProfileToken>profile_cam1</tptz:ProfileToken><tptz:Velocity>{velocity}</tptz:Velocity>{timeout}</tptz:ContinuousMove>";

    private async Task<(double Pan, double Tilt, double Zoom, string PanTiltStatus, string ZoomStatus)> StatusAsync()
    {
        var status = (await CallAsync("<tptz:GetStatus><tptz:ProfileToken>profile_cam1</tptz:ProfileToken></tptz:GetStatus>")).Body.Element(Tptz + "PTZStatus")!;
        var position = status.Element(Tt + "Position")!;
        var move = status.Element(Tt + "MoveStatus")!;
        double Attr(string element, string name) => double.Parse((string)position.Element(Tt + element)!.Attribute(name)!, CultureInfo.InvariantCulture);
        return (Attr("PanTilt", "x"), Attr("PanTilt", "y"), Attr("Zoom", "x"), move.Element(Tt + "PanTilt")!.Value, move.Element(Tt + "Zoom")!.Value);
    }

    private async Task<PtzState> PtzStateAsync()
    {
        using var response = await Soap.GetAsync($"http://127.0.0.1:{Server.OnvifPort}/onvif/cam1/ptz-state");
        return (await response.Content.ReadFromJsonAsync<PtzState>(System.Text.Json.JsonSerializerOptions.Web))!;
    }

    [Test]
    public async Task ContinuousMove_integrates_the_velocity_until_Stop()
    {
        var moved = await CallAsync(Move("""<tt:PanTilt x="0.5" y="-0.25"/><tt:Zoom x="0.1"/>""", "<tptz:Timeout>PT60S</tptz:Timeout>"));
        Assert.That(moved.Body.Name, Is.EqualTo(Tptz + "ContinuousMoveResponse"));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await StatusAsync(), Is.EqualTo((0.5, -0.25, 0.1, "MOVING", "MOVING")));

        await CallAsync("<tptz:Stop><tptz:ProfileToken>profile_cam1</tptz:ProfileToken></tptz:Stop>");
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await StatusAsync(), Is.EqualTo((0.5, -0.25, 0.1, "IDLE", "IDLE")));
    }

    [Test]
    public async Task The_test_endpoint_shows_the_position_and_counts_the_commands()
    {
        await CallAsync(Move("""<tt:PanTilt x="0.2" y="0"/>"""));
        Clock.Advance(TimeSpan.FromSeconds(2));
        await CallAsync("<tptz:Stop><tptz:ProfileToken>profile_cam1</tptz:ProfileToken><tptz:PanTilt>true</tptz:PanTilt></tptz:Stop>");

        var state = await PtzStateAsync();
        Assert.That(state.Pan, Is.EqualTo(0.4).Within(1e-9));
        Assert.That((state.Commands, state.ContinuousMoves, state.Stops, state.PanTiltMoving), Is.EqualTo((2L, 1L, 1L, false)));
    }

    [Test]
    public async Task A_move_ends_at_its_timeout()
    {
        await CallAsync(Move("""<tt:PanTilt x="0.1" y="0.1"/>""", "<tptz:Timeout>PT2S</tptz:Timeout>"));
        Clock.Advance(TimeSpan.FromSeconds(5));
        var status = await StatusAsync();
        Assert.That((status.Pan, status.Tilt, status.PanTiltStatus), Is.EqualTo((0.2, 0.2, "IDLE")));
    }

    [Test]
    public async Task A_move_without_timeout_lasts_the_default_ptz_timeout()
    {
        await CallAsync(Move("""<tt:Zoom x="0.01"/>"""));
        Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.That((await StatusAsync()).Zoom, Is.EqualTo(0.1).Within(1e-9), "DefaultPTZTimeout is PT10S");
    }

    [Test]
    public async Task An_omitted_axis_keeps_its_movement_and_a_zero_velocity_stops_one()
    {
        await CallAsync(Move("""<tt:PanTilt x="0.1" y="0"/><tt:Zoom x="0.1"/>"""));
        Clock.Advance(TimeSpan.FromSeconds(1));
        await CallAsync(Move("""<tt:PanTilt x="-0.1" y="0"/>""")); // zoom keeps going
        Clock.Advance(TimeSpan.FromSeconds(1));
        await CallAsync(Move("""<tt:Zoom x="0"/>"""));             // zoom stops, pan keeps going
        Clock.Advance(TimeSpan.FromSeconds(1));

        var status = await StatusAsync();
        Assert.That(status.Pan, Is.EqualTo(-0.1).Within(1e-9));
        Assert.That(status.Zoom, Is.EqualTo(0.2).Within(1e-9));
        Assert.That((status.PanTiltStatus, status.ZoomStatus), Is.EqualTo(("MOVING", "IDLE")));
    }

    [Test]
    public async Task The_position_stays_inside_the_generic_space()
    {
        await CallAsync(Move("""<tt:PanTilt x="1" y="-1"/><tt:Zoom x="-1"/>""", "<tptz:Timeout>PT30S</tptz:Timeout>"));
        Clock.Advance(TimeSpan.FromSeconds(10));
        var status = await StatusAsync();
        Assert.That((status.Pan, status.Tilt, status.Zoom), Is.EqualTo((1.0, -1.0, 0.0)));
    }

    [Test]
    public async Task Bad_velocities_spaces_timeouts_and_profiles_are_refused()
    {
        var tooFast = await CallAsync(Move("""<tt:PanTilt x="1.5" y="0"/>"""));
        var notANumber = await CallAsync(Move("""<tt:PanTilt x="fast" y="0"/>"""));
        var space = await CallAsync(Move("""<tt:PanTilt x="0.1" y="0" space="http://www.onvif.org/ver10/tptz/PanTiltSpaces/VelocitySpaceDegrees"/>"""));
        var timeout = await CallAsync(Move("""<tt:PanTilt x="0.1" y="0"/>""", "<tptz:Timeout>P2D</tptz:Timeout>"));
        var profile = await CallAsync("<tptz:Stop><tptz:ProfileToken>nope</tptz:ProfileToken></tptz:Stop>");

        Assert.That(tooFast.FaultCodes, Is.EqualTo(new[] { "env:Sender", "ter:InvalidArgVal", "ter:InvalidVelocity" }));
        Assert.That(notANumber.FaultCodes, Is.EqualTo(new[] { "env:Sender", "ter:InvalidArgs" }));
        Assert.That(space.FaultCodes, Is.EqualTo(new[] { "env:Sender", "ter:InvalidArgVal", "ter:SpaceNotSupported" }));
        Assert.That(timeout.FaultCodes, Is.EqualTo(new[] { "env:Sender", "ter:InvalidArgVal", "ter:TimeoutNotSupported" }));
        Assert.That(profile.FaultCodes, Is.EqualTo(new[] { "env:Sender", "ter:InvalidArgVal", "ter:NoProfile" }));
        Assert.That((await PtzStateAsync()).Commands, Is.Zero, "refused commands are not counted");
    }
}
