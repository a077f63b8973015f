using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VmsServices.SimCamera.Tests.Onvif;

/// <summary>A WS-Security UsernameToken header as an ONVIF client builds it (UsernameToken Profile 1.0 §3.1):
/// PasswordDigest = Base64(SHA-1(nonce + created + password)).</summary>
internal static class WsSecurity
{
    private const string Profile = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0";

    public static string UsernameToken(string user, string password, DateTimeOffset created, byte[]? nonce = null, bool plainText = false)
    {
        nonce ??= RandomNumberGenerator.GetBytes(16);
        var createdText = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var digest = Convert.ToBase64String(SHA1.HashData([.. nonce, .. Encoding.UTF8.GetBytes(createdText), .. Encoding.UTF8.GetBytes(password)]));
        var (type, value) = plainText ? ("#PasswordText", password) : ("#PasswordDigest", digest);
        return $"""
            <wsse:Security s:mustUnderstand="1" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">
            <wsse:UsernameToken><wsse:Username>{user}</wsse:Username><wsse:Password Type="{Profile}{type}">{value}</wsse:Password>
            <wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">{Convert.ToBase64String(nonce)}</wsse:Nonce>
            <wsu:Created>{createdText}</wsu:Created></wsse:UsernameToken></wsse:Security>
            """;
    }
}
