using VmsServices.Management.Users.Ldap;

namespace VmsServices.Management.Tests.Ldap;

public sealed class LdapEscapeTests
{
    // RFC 4515 section 4 examples and the five characters section 3 requires escaped.
    [TestCase("alice", "alice")]
    [TestCase("*", @"\2a")]
    [TestCase("*)(uid=*", @"\2a\29\28uid=\2a")]
    [TestCase(@"C:\MyFile", @"C:\5cMyFile")]
    [TestCase("Parens R Us (for all your parenthetical needs)", @"Parens R Us \28for all your parenthetical needs\29")]
    [TestCase("a\0b", @"a\00b")]
    [TestCase("Lučić", "Lučić")]
    public void Filter_values_escape_what_RFC_4515_requires(string value, string escaped) =>
        Assert.That(LdapEscape.FilterValue(value), Is.EqualTo(escaped));

    [Test]
    public void A_filter_template_gets_escaped_values_and_keeps_its_own_braces()
    {
        Assert.That(LdapEscape.Filter("(|(uid={0})(sAMAccountName={0}))", "a*"), Is.EqualTo(@"(|(uid=a\2a)(sAMAccountName=a\2a))"));
        Assert.That(LdapEscape.Filter("(&(member={0})(memberUid={1})(x={2}))", "uid=a(b),dc=x", "a*"),
            Is.EqualTo(@"(&(member=uid=a\28b\29,dc=x)(memberUid=a\2a)(x={2}))"));
    }

    // RFC 4514 section 2.4.
    [TestCase("alice", "alice")]
    [TestCase("smith, jr", @"smith\, jr")]
    [TestCase("a+b=c", @"a\+b\=c")]
    [TestCase("\"quoted\" <x>;", @"\""quoted\"" \<x\>\;")]
    [TestCase(@"back\slash", @"back\\slash")]
    [TestCase(" leading and trailing ", @"\ leading and trailing\ ")]
    [TestCase("#hash", @"\#hash")]
    [TestCase("in#side", "in#side")]
    [TestCase("a\0b", @"a\00b")]
    public void DN_values_escape_what_RFC_4514_requires(string value, string escaped) =>
        Assert.That(LdapEscape.DnValue(value), Is.EqualTo(escaped));
}
