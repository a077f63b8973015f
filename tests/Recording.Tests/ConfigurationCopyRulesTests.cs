using VmsServices.Messages;
using VmsServices.Recording.Configuration;

namespace VmsServices.Recording.Tests;

public sealed class ConfigurationCopyRulesTests
{
    private static readonly RecordingServerRecord A = new("rec-a", "A", "http://127.0.0.1:6001");
    private static readonly RecordingServerRecord B = new("rec-b", "B", "http://127.0.0.1:6002");

    private static DeviceConfiguration Device(string id, params (string Server, bool Current)[] rows) =>
        new(new DeviceRecord(id, id, $"rtsp://127.0.0.1:8554/{id}", null, null),
            rows.Select(r => new ConfigurationEntry(id, DataTypes.Video, r.Server, r.Current)).ToList());

    private static ConfigurationChanged Change(long version, DeviceConfiguration[]? devices = null, string[]? removed = null, RecordingServerRecord[]? servers = null) =>
        new(version, devices ?? [], removed ?? [], servers ?? [], [], 0);

    [Test]
    public void A_device_assigned_to_this_server_enters_its_copy()
    {
        var copy = ConfigurationCopyRules.Empty("rec-a");

        var outcome = ConfigurationCopyRules.TryApply(copy, Change(1, [Device("cam-1", ("rec-a", true))], servers: [A]), out var next);

        Assert.That(outcome, Is.EqualTo(ApplyOutcome.Applied));
        Assert.That(next.Version, Is.EqualTo(1));
        Assert.That(next.CurrentDevices().Select(d => d.Device.Id), Is.EqualTo(new[] { "cam-1" }));
        Assert.That(next.Servers, Is.EqualTo(new[] { A }));
    }

    [Test]
    public void A_device_of_another_server_stays_out_of_the_copy()
    {
        var outcome = ConfigurationCopyRules.TryApply(ConfigurationCopyRules.Empty("rec-b"),
            Change(1, [Device("cam-1", ("rec-a", true))], servers: [A]), out var next);

        Assert.That(outcome, Is.EqualTo(ApplyOutcome.Applied));
        Assert.That(next.Devices, Is.Empty);
        Assert.That(next.Servers, Is.Empty, "peers named only by devices this server does not hold are not kept");
        Assert.That(next.Version, Is.EqualTo(1), "the version still advances, so the next event is not a gap");
    }

    [Test]
    public void A_device_whose_old_server_still_holds_segments_stays_in_both_copies_as_fig_6b()
    {
        var moved = Device("cam-1", ("rec-a", false), ("rec-b", true));

        ConfigurationCopyRules.TryApply(ConfigurationCopyRules.Empty("rec-a"), Change(1, [moved], servers: [A, B]), out var onA);
        ConfigurationCopyRules.TryApply(ConfigurationCopyRules.Empty("rec-b"), Change(1, [moved], servers: [A, B]), out var onB);

        Assert.That(onA.Devices, Has.Count.EqualTo(1));
        Assert.That(onA.CurrentDevices(), Is.Empty, "rec-a holds old segments but must not record");
        Assert.That(onB.CurrentDevices().Single().Device.Id, Is.EqualTo("cam-1"));
        Assert.That(onB.Servers, Is.EqualTo(new[] { A, B }), "rec-b needs rec-a's address to fetch old segments");
    }

    [Test]
    public void A_removed_device_leaves_the_copy()
    {
        ConfigurationCopyRules.TryApply(ConfigurationCopyRules.Empty("rec-a"), Change(1, [Device("cam-1", ("rec-a", true))], servers: [A]), out var copy);

        ConfigurationCopyRules.TryApply(copy, Change(2, removed: ["cam-1"]), out var next);

        Assert.That(next.Devices, Is.Empty);
        Assert.That(next.Servers, Is.EqualTo(new[] { A }), "a server always keeps its own record");
    }

    [Test]
    public void An_old_or_repeated_event_changes_nothing()
    {
        ConfigurationCopyRules.TryApply(ConfigurationCopyRules.Empty("rec-a"), Change(1, [Device("cam-1", ("rec-a", true))], servers: [A]), out var copy);

        var outcome = ConfigurationCopyRules.TryApply(copy, Change(1, removed: ["cam-1"]), out var next);

        Assert.That(outcome, Is.EqualTo(ApplyOutcome.Stale));
        Assert.That(next, Is.SameAs(copy));
    }

    [Test]
    public void A_skipped_version_asks_for_a_fresh_copy_instead_of_guessing()
    {
        var copy = ConfigurationCopyRules.Empty("rec-a");

        var outcome = ConfigurationCopyRules.TryApply(copy, Change(3, [Device("cam-1", ("rec-a", true))]), out var next);

        Assert.That(outcome, Is.EqualTo(ApplyOutcome.Gap));
        Assert.That(next, Is.SameAs(copy));
    }
}
