using VmsServices.Hosting.Security;
using VmsServices.Management.Users;
using VmsServices.Management.Users.Ldap;

namespace VmsServices.Management.Tests.Ldap;

public sealed class LdapGroupPolicyTests
{
    private static readonly LdapGroupPolicy Policy = new(
    [
        new() { Dn = "cn=admins,dc=x", Role = VmsRole.Administrator },
        new() { Dn = "cn=operators,dc=x", Role = VmsRole.Operator },
        new() { Dn = "cn=viewers,dc=x", Role = VmsRole.Viewer },
        new() { Dn = "cn=lobby,dc=x", Devices = ["cam-2", "cam-1"] },
        new() { Dn = "cn=door,dc=x", Devices = ["cam-3", "cam-1"] },
        new() { Dn = "cn=night-operators,dc=x", Role = VmsRole.Operator, Devices = ["cam-9"] },
    ]);

    [Test]
    public void The_highest_role_of_the_user_s_groups_wins() =>
        Assert.That(Policy.IdentityFor("u", ["cn=viewers,dc=x", "CN=Admins,DC=x", "cn=operators,dc=x"]),
            Is.EqualTo(new ExternalIdentity("u", VmsRole.Administrator, null)));

    [Test]
    public void Device_groups_limit_the_user_to_the_union_of_their_devices() =>
        Assert.That(Policy.IdentityFor("u", ["cn=viewers,dc=x", "cn=lobby,dc=x", "cn=door,dc=x"])!.Devices,
            Is.EqualTo(new[] { "cam-1", "cam-2", "cam-3" }));

    [Test]
    public void A_group_can_give_a_role_and_limit_devices_at_once() =>
        Assert.That(Policy.IdentityFor("u", ["cn=night-operators,dc=x"]),
            Is.EqualTo(new ExternalIdentity("u", VmsRole.Operator, ["cam-9"])).Using<ExternalIdentity>(SameIdentity));

    [Test]
    public void Without_a_group_that_gives_a_role_there_is_no_identity()
    {
        Assert.That(Policy.IdentityFor("u", []), Is.Null);
        Assert.That(Policy.IdentityFor("u", ["cn=lobby,dc=x"]), Is.Null, "a device group alone gives no role");
        Assert.That(Policy.IdentityFor("u", ["cn=unknown,dc=x", "not a dn"]), Is.Null);
    }

    private static bool SameIdentity(ExternalIdentity a, ExternalIdentity b) =>
        a.UserName == b.UserName && a.Role == b.Role && (a.Devices ?? []).SequenceEqual(b.Devices ?? []);
}
