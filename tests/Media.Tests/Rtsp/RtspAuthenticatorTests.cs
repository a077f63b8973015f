using System.Text;
using VmsServices.Media.Rtsp;

namespace VmsServices.Media.Tests.Rtsp;

public class RtspAuthenticatorTests
{
    [Test]
    public void Digest_response_matches_the_rfc_2617_section_3_5_example()
    {
        string response = RtspAuthenticator.ComputeDigestResponse("MD5", "Mufasa", "testrealm@host.com", "Circle Of Life",
            "dcd98b7102dd2f0e8b11d0f600bfb0c093", "GET", "/dir/index.html", "auth", "00000001", "0a4f113b");

        Assert.That(response, Is.EqualTo("6629fae49393a05397450978507c4ef1"));
    }

    [Test]
    public void Digest_without_qop_uses_the_rfc_2069_form()
    {
        // H(HA1:nonce:HA2) with HA1 = MD5("u:r:p"), HA2 = MD5("DESCRIBE:rtsp://cam/")
        string expected = Md5($"{Md5("u:r:p")}:n1:{Md5("DESCRIBE:rtsp://cam/")}");

        Assert.That(RtspAuthenticator.ComputeDigestResponse("MD5", "u", "r", "p", "n1", "DESCRIBE", "rtsp://cam/", null, null, null),
            Is.EqualTo(expected));
    }

    [Test]
    public void Digest_is_preferred_over_basic_and_header_echoes_challenge()
    {
        var auth = new RtspAuthenticator("admin", "secret");

        bool accepted = auth.TryAcceptChallenge(["Basic realm=\"cam\"", "Digest realm=\"cam\", nonce=\"abc\", opaque=\"xyz\", qop=\"auth,auth-int\""]);
        string header = auth.GetAuthorization("DESCRIBE", "rtsp://cam/live")!;
        var fields = RtspAuthenticator.ParseParameters(header["Digest ".Length..]);

        Assert.That(accepted, Is.True);
        Assert.That(header, Does.StartWith("Digest "));
        Assert.That(fields["username"], Is.EqualTo("admin"));
        Assert.That(fields["uri"], Is.EqualTo("rtsp://cam/live"));
        Assert.That(fields["opaque"], Is.EqualTo("xyz"));
        Assert.That(fields["nc"], Is.EqualTo("00000001"));
        Assert.That(fields["response"], Is.EqualTo(RtspAuthenticator.ComputeDigestResponse(
            "MD5", "admin", "cam", "secret", "abc", "DESCRIBE", "rtsp://cam/live", "auth", "00000001", fields["cnonce"])));
        Assert.That(RtspAuthenticator.ParseParameters(auth.GetAuthorization("SETUP", "x")!["Digest ".Length..])["nc"],
            Is.EqualTo("00000002"));
    }

    [Test]
    public void Basic_header_encodes_user_and_password()
    {
        var auth = new RtspAuthenticator("Aladdin", "open sesame");
        auth.TryAcceptChallenge(["Basic realm=\"WallyWorld\""]);

        Assert.That(auth.GetAuthorization("OPTIONS", "rtsp://x/"), Is.EqualTo("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
    }

    [Test]
    public void Challenge_is_refused_without_credentials() =>
        Assert.That(new RtspAuthenticator(null, null).TryAcceptChallenge(["Basic realm=\"x\""]), Is.False);

    private static string Md5(string s) =>
        Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(s)));
}
