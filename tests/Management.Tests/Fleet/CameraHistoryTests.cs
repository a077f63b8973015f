using VmsServices.Management.History;

namespace VmsServices.Management.Tests.Fleet;

public sealed class CameraHistoryTests
{
    [Test]
    public void Owners_are_folded_from_assignments_and_moves_newest_previous_owner_first()
    {
        var history = CameraHistoryStore.Fold("cam-1", "online",
        [
            new("cam-1", 100, CameraHistoryKinds.Added, "rec-a"),
            new("cam-1", 150, CameraHistoryKinds.Online, "rec-a"),
            new("cam-1", 200, CameraHistoryKinds.Moved, "rec-b", "rec-a", "system:failover"),
            new("cam-1", 300, CameraHistoryKinds.Moved, "rec-c", "rec-b", "alice"),
        ]);

        Assert.That(history.CurrentOwner, Is.EqualTo("rec-c"));
        Assert.That(history.PreviousOwners, Is.EqualTo(new[]
        {
            new CameraOwner("rec-b", 200, 300, CameraHistoryStore.Indirect),
            new CameraOwner("rec-a", 100, 200, CameraHistoryStore.Indirect),
        }));
        Assert.That(history.Events, Has.Count.EqualTo(4));
    }

    [Test]
    public void A_removed_camera_keeps_its_previous_owners_and_has_no_current_one()
    {
        var history = CameraHistoryStore.Fold("cam-1", CameraHistoryKinds.Removed,
        [
            new("cam-1", 100, CameraHistoryKinds.Added, "rec-a"),
            new("cam-1", 400, CameraHistoryKinds.Removed, null),
        ]);
        Assert.That(history.CurrentOwner, Is.Null);
        Assert.That(history.PreviousOwners.Single(), Is.EqualTo(new CameraOwner("rec-a", 100, 400, CameraHistoryStore.Indirect)));
    }
}
