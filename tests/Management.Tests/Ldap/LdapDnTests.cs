using VmsServices.Management.Users.Ldap;

namespace VmsServices.Management.Tests.Ldap;

public sealed class LdapDnTests
{
    [TestCase("CN=VMS Admins, OU=Groups, DC=corp, DC=example", "cn=vms admins,ou=groups,dc=corp,dc=example")]
    [TestCase("cn=Smith\\, Jr,ou=people", "cn=smith\\, jr,ou=people")]
    [TestCase("cn=Smith\\2C Jr,ou=people", "cn=smith\\, jr,ou=people")]
    [TestCase("cn=a\\20,ou=x", "cn=a\\ ,ou=x")]
    [TestCase("cn=Lu\\C4\\8Di\\C4\\87,ou=x", "cn=lučić,ou=x")]
    [TestCase("uid=b+cn=A,ou=x", "cn=a+uid=b,ou=x")]
    [TestCase("cn=#04024869,ou=x", "cn=#04024869,ou=x")]
    public void Equal_DNs_have_one_canonical_form(string dn, string canonical)
    {
        Assert.That(LdapDn.Normalize(dn), Is.EqualTo(canonical));
        Assert.That(LdapDn.Normalize(canonical), Is.EqualTo(canonical));
    }

    [Test]
    public void Different_groups_stay_different() =>
        Assert.That(LdapDn.Normalize("cn=admins,ou=groups,dc=x"), Is.Not.EqualTo(LdapDn.Normalize("cn=admins\\,ou=groups,dc=x")));

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("admins")]
    [TestCase("cn=admins,,dc=x")]
    [TestCase("=admins")]
    [TestCase("c n=admins")]
    [TestCase("cn=admins\\")]
    public void Text_that_is_not_a_DN_has_no_canonical_form(string text) =>
        Assert.That(LdapDn.Normalize(text), Is.Null);
}
