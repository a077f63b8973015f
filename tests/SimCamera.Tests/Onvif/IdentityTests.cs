namespace VmsServices.SimCamera.Tests.Onvif;

public class IdentityTests
{
    [Test]
    public async Task A_restarted_simulator_keeps_the_identity_of_each_mount()
    {
        string[] before;
        await using (var first = await OnvifServer.StartAsync(o => o.IdentitySeed = "lab-7"))
            before = [first.GetEndpointReference(1), first.GetEndpointReference(2), first.GetSerialNumber(1)];
        await using var second = await OnvifServer.StartAsync(o => o.IdentitySeed = "lab-7");

        Assert.That(new[] { second.GetEndpointReference(1), second.GetEndpointReference(2), second.GetSerialNumber(1) }, Is.EqualTo(before));
        Assert.That(before[0], Is.Not.EqualTo(before[1]));
    }

    [Test]
    public async Task The_identity_is_a_version_5_uuid_fixed_by_seed_and_mount()
    {
        await using var server = await OnvifServer.StartAsync(o => o.IdentitySeed = "lab-7");
        await using var other = await OnvifServer.StartAsync(o => o.IdentitySeed = "lab-8");

        var reference = server.GetEndpointReference(1);
        Assert.That(reference, Does.Match("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        Assert.That(other.GetEndpointReference(1), Is.Not.EqualTo(reference));
        // Pinned: a change here means every simulator in every lab comes back as new devices after an upgrade.
        Assert.That(reference, Is.EqualTo(PinnedReference));
    }

    // RFC 9562 UUIDv5 of "lab-7/cam1" in the simulator's namespace, computed independently (Python uuid.uuid5).
    private const string PinnedReference = "urn:uuid:1f52d120-d398-58b4-b846-e61aed7944df";
}
