using VmsServices.Management.Api;
using VmsServices.Messages;

namespace VmsServices.Management.Tests.Archive;

/// <summary>
/// GET /api/archive on the management server: the recording servers' and archiving servers' own
/// reports merged per device and data type, each segment counted once.
/// </summary>
public sealed class ArchiveProgressMergeTests
{
    private static readonly TierFigures LiveA = Tier(10, 1_000, 100, 200), LiveB = Tier(4, 400, 150, 300);
    private static readonly TierFigures PendingA = Tier(3, 300, 100, 130), TierA = Tier(2, 200, 50, 90), HeldZ = Tier(20, 2_000, 10, 99);

    [Test]
    public void Live_and_pending_add_up_over_the_recording_servers_and_archived_over_tiers_and_archiving_servers()
    {
        var overview = Merge(
            Recording("rec-a", Device("cam-1", LiveA, TierA, PendingA)),
            Recording("rec-b", Device("cam-1", LiveB, TierFigures.Empty, TierFigures.Empty)),
            // The archive's view of rec-a is the same segments rec-a reported itself: not counted again.
            Archiving("arch-z", Device("cam-1", LiveA, HeldZ, PendingA, new SourceFigures("rec-a", LiveA, PendingA, 1))));

        var cam1 = overview.Devices.Single();
        Assert.That((cam1.DeviceId, cam1.DataType), Is.EqualTo(("cam-1", DataTypes.Video)));
        Assert.That(cam1.Live, Is.EqualTo(Tier(14, 1_400, 100, 300)));
        Assert.That(cam1.Archived, Is.EqualTo(Tier(22, 2_200, 10, 99)));
        Assert.That(cam1.Pending, Is.EqualTo(PendingA));
        Assert.That(cam1.Servers.Select(s => (s.RecordingServerId, s.Role)),
            Is.EqualTo(new[] { ("arch-z", RecordingServerRoles.Archive), ("rec-a", RecordingServerRoles.Recording), ("rec-b", RecordingServerRoles.Recording) }));
        Assert.That(cam1.Servers[0].Sources!.Single().RecordingServerId, Is.EqualTo("rec-a"), "the archive's per-source figures pass through");
        Assert.That(overview.Servers.Select(s => s.RecordingServerId), Is.EqualTo(new[] { "arch-z", "rec-a", "rec-b" }));
        Assert.That(overview.Unreachable, Is.Empty);
    }

    [Test]
    public void Each_device_and_data_type_is_its_own_line_in_order()
    {
        var overview = Merge(
            Recording("rec-a", Device("cam-2", LiveA), Device("cam-1", LiveB, dataType: "audio"), Device("cam-1", LiveA)),
            Recording("rec-b", Device("cam-1", LiveB, dataType: "audio")));

        Assert.That(overview.Devices.Select(d => (d.DeviceId, d.DataType, d.Live.SegmentCount)),
            Is.EqualTo(new[] { ("cam-1", "audio", 8L), ("cam-1", "video", 10L), ("cam-2", "video", 10L) }));
    }

    [Test]
    public void A_server_that_did_not_answer_is_listed_with_its_reason_and_the_others_still_count()
    {
        var overview = Merge(
            Recording("rec-a", Device("cam-1", LiveA)),
            ServerArchiveAnswer.Failed(Server("rec-b"), "no answer within 5 s"));

        Assert.That(overview.Devices.Single().Live, Is.EqualTo(LiveA));
        Assert.That(overview.Servers.Select(s => s.RecordingServerId), Is.EqualTo(new[] { "rec-a" }));
        Assert.That(overview.Unreachable, Is.EqualTo(new[] { new UnreachableServer("rec-b", "http://rec-b.test", "no answer within 5 s") }));
    }

    [Test]
    public void Only_the_devices_asked_for_and_allowed_are_merged()
    {
        var answers = new[] { Recording("rec-a", Device("cam-1", LiveA), Device("cam-2", LiveB)), Archiving("arch-z", Device("cam-3", TierFigures.Empty, HeldZ)) };

        Assert.That(ArchiveProgressMerge.Merge(answers, id => id == "cam-2").Devices.Select(d => d.DeviceId), Is.EqualTo(new[] { "cam-2" }));
        Assert.That(ArchiveProgressMerge.Merge(answers, _ => false).Devices, Is.Empty);
        Assert.That(ArchiveProgressMerge.Merge(answers, _ => false).Servers, Has.Count.EqualTo(2), "who answered is still said");
    }

    [Test]
    public void A_device_only_the_archive_still_holds_has_no_live_figures()
    {
        var overview = Merge(Recording("rec-a"), Archiving("arch-z", Device("cam-1", TierFigures.Empty, HeldZ)));

        var cam1 = overview.Devices.Single();
        Assert.That((cam1.Live, cam1.Archived, cam1.Pending), Is.EqualTo((TierFigures.Empty, HeldZ, TierFigures.Empty)));
    }

    [Test]
    public void No_servers_give_an_empty_report()
    {
        var overview = Merge();

        Assert.That((overview.Devices.Count, overview.Servers.Count, overview.Unreachable.Count), Is.EqualTo((0, 0, 0)));
    }

    private static ArchiveOverview Merge(params ServerArchiveAnswer[] answers) => ArchiveProgressMerge.Merge(answers, _ => true);

    private static TierFigures Tier(long segments, long bytes, long? oldest, long? newest) => new(segments, bytes, oldest, newest);

    private static RecordingServerRecord Server(string id) => new(id, id, $"http://{id}.test");

    private static ServerDeviceArchive Device(string id, TierFigures live, TierFigures? archived = null, TierFigures? pending = null,
        SourceFigures? source = null, string dataType = DataTypes.Video) =>
        new(id, dataType, live, archived ?? TierFigures.Empty, pending ?? TierFigures.Empty, source is null ? null : [source]);

    private static ServerArchiveAnswer Recording(string id, params ServerDeviceArchive[] devices) =>
        ServerArchiveAnswer.Answered(Server(id), new ServerArchiveReport(id, RecordingServerRoles.Recording, devices, null, null));

    private static ServerArchiveAnswer Archiving(string id, params ServerDeviceArchive[] devices) =>
        ServerArchiveAnswer.Answered(Server(id), new ServerArchiveReport(id, RecordingServerRoles.Archive, devices, null, null));
}
