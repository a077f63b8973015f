using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace VmsServices.SimCamera.Tests.Onvif;

/// <summary>The client side of RFC 2617 Digest (MD5, qop=auth), written from the RFC for the tests.</summary>
internal static partial class HttpDigest
{
    public static Dictionary<string, string> ParseChallenge(string header)
    {
        Assert.That(header, Does.StartWith("Digest "));
        return ChallengeParameter().Matches(header[7..]).ToDictionary(
            m => m.Groups["name"].Value.ToLowerInvariant(),
            m => m.Groups["quoted"].Success ? m.Groups["quoted"].Value : m.Groups["token"].Value);
    }

    public static string Authorization(string user, string password, string method, string uri, IReadOnlyDictionary<string, string> challenge,
        int nonceCount, string clientNonce = "0a4f113b")
    {
        var realm = challenge["realm"];
        var nonce = challenge["nonce"];
        var nc = nonceCount.ToString("x8");
        var ha1 = Md5($"{user}:{realm}:{password}");
        var ha2 = Md5($"{method}:{uri}");
        var response = Md5($"{ha1}:{nonce}:{nc}:{clientNonce}:auth:{ha2}");
        return $"Digest username=\"{user}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", algorithm=MD5, " +
               $"qop=auth, nc={nc}, cnonce=\"{clientNonce}\", response=\"{response}\"";
    }

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex("""(?<name>[A-Za-z]+)=(?:"(?<quoted>[^"]*)"|(?<token>[^,\s]+))""")]
    private static partial Regex ChallengeParameter();
}
