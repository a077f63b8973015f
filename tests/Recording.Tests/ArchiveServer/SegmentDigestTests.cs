using System.Security.Cryptography;
using VmsServices.Recording.ArchiveServer;

namespace VmsServices.Recording.Tests.ArchiveServer;

public sealed class SegmentDigestTests
{
    [Test]
    public void A_formatted_digest_parses_back()
    {
        var hash = SHA256.HashData("segment"u8);

        Assert.That(SegmentDigest.TryParse(SegmentDigest.Format(hash), out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(hash));
    }

    [Test]
    public void The_sha_256_member_is_found_among_other_algorithms() // RFC 9530 §3: a dictionary of algorithms
    {
        var hash = SHA256.HashData("segment"u8);

        Assert.That(SegmentDigest.TryParse($"sha-512=:{Convert.ToBase64String(SHA512.HashData("x"u8))}:, {SegmentDigest.Format(hash)}", out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(hash));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("sha-512=:AAAA:")]
    [TestCase("sha-256=:not base64!:")]
    [TestCase("sha-256=:AAAA:")]
    [TestCase("sha-256=AAAA")]
    public void A_field_without_a_usable_sha_256_is_refused(string? header) =>
        Assert.That(SegmentDigest.TryParse(header, out _), Is.False);
}
