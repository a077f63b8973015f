using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using VmsServices.Onvif.Http;
using VmsServices.Onvif.Soap;

namespace VmsServices.Onvif.Tests.Soap;

/// <summary>The PasswordDigest and HTTP Digest computations against published vectors, and challenge selection.</summary>
public class AuthenticationPrimitivesTests
{
    [Test]
    public void UsernameToken_digest_is_base64_sha1_of_nonce_created_and_password()
    {
        byte[] nonce = Convert.FromBase64String("LKqI6G/AikKCQrN0zqZFlg==");
        const string created = "2010-09-16T07:50:45Z";
        byte[] expected = SHA1.HashData([.. nonce, .. Encoding.UTF8.GetBytes(created), .. Encoding.UTF8.GetBytes("userpassword")]);

        Assert.That(UsernameToken.ComputeDigest(nonce, created, "userpassword"), Is.EqualTo(Convert.ToBase64String(expected)));
        // The value the WS-Security examples publish for these inputs.
        Assert.That(UsernameToken.ComputeDigest(nonce, created, "userpassword"), Is.EqualTo("tuOSpGlFlIXsozq4HFNeeGeFLEI="));
    }

    [Test]
    public void UsernameToken_is_created_at_the_given_device_time_in_whole_utc_seconds()
    {
        var deviceNow = new DateTimeOffset(2024, 5, 17, 16, 21, 7, 900, TimeSpan.FromHours(8));

        UsernameToken token = UsernameToken.Create(new OnvifCredentials("admin", "pw"), deviceNow, new byte[16]);
        XElement header = token.ToSecurityHeader("http://www.w3.org/2003/05/soap-envelope");

        Assert.That(token.Created, Is.EqualTo("2024-05-17T08:21:07Z"));
        Assert.That(header.ToString(), Does.Contain("#PasswordDigest").And.Not.Contain(">pw<"));
    }

    // RFC 7616 §3.9.1 and RFC 2617 §3.5.
    [TestCase("MD5", "http-auth@example.org", "Circle of Life", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
        "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "8ca523f5e9506fed4657c9700eebdbec")]
    [TestCase("SHA-256", "http-auth@example.org", "Circle of Life", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
        "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    [TestCase("MD5", "testrealm@host.com", "Circle Of Life", "dcd98b7102dd2f0e8b11d0f600bfb0c093",
        "0a4f113b", "6629fae49393a05397450978507c4ef1")]
    public void Digest_response_matches_the_rfc_examples(string algorithm, string realm, string password, string nonce,
        string cnonce, string expected)
    {
        string response = DigestAuthenticator.ComputeResponse(algorithm, "Mufasa", realm, password, nonce, "GET",
            "/dir/index.html", "auth", "00000001", cnonce);

        Assert.That(response, Is.EqualTo(expected));
    }

    [Test]
    public void Strongest_usable_digest_challenge_is_chosen()
    {
        DigestChallenge? chosen = DigestChallenge.SelectBest(
        [
            ("Basic", "realm=\"cam\""),
            ("Digest", "realm=\"a, b\", nonce=\"n1\", qop=\"auth\", algorithm=MD5"),
            ("Digest", "realm=\"a, b\", nonce=\"n2\", qop=\"auth-int,auth\", algorithm=SHA-256, opaque=\"o\\\"q\""),
            ("Digest", "realm=\"x\", nonce=\"n3\", qop=\"auth\", algorithm=SHA-512-256"),
        ], out string offered);

        Assert.That(chosen, Is.EqualTo(new DigestChallenge("a, b", "n2", "o\"q", "SHA-256", true, false)));
        Assert.That(offered, Is.EqualTo("Basic, Digest"));
    }

    [Test]
    public void Session_algorithm_is_spelled_as_the_rfc_spells_it()
    {
        DigestChallenge? chosen = DigestChallenge.SelectBest([("digest", "nonce=n, algorithm=md5-SESS")], out _);

        Assert.That(chosen!.Algorithm, Is.EqualTo("MD5-sess"));
        Assert.That(chosen.UseQop, Is.False);
        string header = DigestAuthenticator.BuildHeader(chosen, new OnvifCredentials("u", "p"), "POST", "/x", 1, "c");
        Assert.That(header, Does.Contain("algorithm=MD5-sess").And.Not.Contain("qop="));
    }

    [TestCase("realm=\"r\", qop=\"auth\"", Description = "no nonce")]
    [TestCase("realm=\"r\", nonce=\"n\", qop=\"auth-int\"", Description = "auth-int only")]
    [TestCase("realm=\"r\", nonce=\"n\", algorithm=SHA-512", Description = "unknown algorithm")]
    [TestCase("realm=\"r\", nonce=\"n\", userhash=true", Description = "userhash")]
    public void Unusable_digest_challenges_are_skipped(string parameters)
    {
        Assert.That(DigestChallenge.SelectBest([("Digest", parameters)], out _), Is.Null);
    }

    [Test]
    public void Authorization_header_carries_what_rfc_7616_asks_for()
    {
        var challenge = new DigestChallenge("cam", "abc", "op", "MD5", true, false);

        string header = DigestAuthenticator.BuildHeader(challenge, new OnvifCredentials("ad\"min", "pw"), "POST", "/onvif/device_service", 1, "c1");
        Dictionary<string, string> p = AuthParameters.Parse(header["Digest ".Length..]);

        Assert.That(p["username"], Is.EqualTo("ad\"min"));
        Assert.That((p["nc"], p["qop"], p["cnonce"], p["opaque"], p["uri"]), Is.EqualTo(("00000001", "auth", "c1", "op", "/onvif/device_service")));
        Assert.That(p["response"], Is.EqualTo(DigestAuthenticator.ComputeResponse("MD5", "ad\"min", "cam", "pw", "abc", "POST",
            "/onvif/device_service", "auth", "00000001", "c1")));
        Assert.That(header, Does.Not.Contain("pw\""));
    }

    [Test]
    public void Digest_challenge_is_only_answered_to_the_server_that_sent_it()
    {
        var digest = new DigestAuthenticator();
        var credentials = new OnvifCredentials("admin", "pw");
        digest.Accept(new Uri("http://198.51.100.1/onvif/device_service"), new DigestChallenge("cam", "n", null, "MD5", true, false));

        string? same = digest.Authorize(credentials, "POST", new Uri("http://198.51.100.1/onvif/media"));
        string? other = digest.Authorize(credentials, "POST", new Uri("http://198.51.100.2/onvif/media"));

        Assert.That(same, Does.Contain("uri=\"/onvif/media\"").And.Contain("nc=00000001"));
        Assert.That(other, Is.Null);
    }

    [Test]
    public void Credentials_never_print_their_password()
    {
        Assert.That(new OnvifCredentials("admin", "hunter2").ToString(), Is.EqualTo("OnvifCredentials { UserName = admin }"));
    }
}
