using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using VmsServices.Onvif.Xml;

namespace VmsServices.Onvif.Soap;

/// <summary>
/// A WS-Security UsernameToken with PasswordDigest (OASIS UsernameToken Profile 1.0 §3.1, as
/// ONVIF Core §5.9.4 requires): Base64(SHA-1(nonce + created + password)). Created is the
/// device's clock (ours corrected by the measured offset), since devices reject tokens whose
/// Created is far from their own time. A fresh nonce per request defeats replay checks.
/// </summary>
internal sealed class UsernameToken
{
    private const string PasswordDigestType =
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
    private const string Base64BinaryType =
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";

    private UsernameToken(string userName, string digest, byte[] nonce, string created)
    {
        UserName = userName;
        Digest = digest;
        Nonce = nonce;
        Created = created;
    }

    public string UserName { get; }
    public string Digest { get; }
    public byte[] Nonce { get; }
    public string Created { get; }

    public static UsernameToken Create(OnvifCredentials credentials, DateTimeOffset deviceNow) =>
        Create(credentials, deviceNow, RandomNumberGenerator.GetBytes(16));

    public static UsernameToken Create(OnvifCredentials credentials, DateTimeOffset deviceNow, byte[] nonce)
    {
        // Whole seconds in UTC with a Z: the xs:dateTime form every device parses.
        string created = deviceNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new UsernameToken(credentials.UserName, ComputeDigest(nonce, created, credentials.Password), nonce, created);
    }

    public static string ComputeDigest(byte[] nonce, string created, string password)
    {
        byte[] createdBytes = Encoding.UTF8.GetBytes(created);
        byte[] passwordBytes = Encoding.UTF8.GetBytes(password);
        byte[] input = new byte[nonce.Length + createdBytes.Length + passwordBytes.Length];
        nonce.CopyTo(input, 0);
        createdBytes.CopyTo(input, nonce.Length);
        passwordBytes.CopyTo(input, nonce.Length + createdBytes.Length);
        return Convert.ToBase64String(SHA1.HashData(input));
    }

    /// <summary>The wsse:Security header block, mustUnderstand as ONVIF devices expect.</summary>
    public XElement ToSecurityHeader(XNamespace soap)
    {
        XNamespace wsse = OnvifNamespaces.WsSecurity;
        XNamespace wsu = OnvifNamespaces.WsUtility;
        return new XElement(wsse + "Security",
            new XAttribute(XNamespace.Xmlns + "wsse", wsse.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "wsu", wsu.NamespaceName),
            new XAttribute(soap + "mustUnderstand", "1"),
            new XElement(wsse + "UsernameToken",
                new XElement(wsse + "Username", UserName),
                new XElement(wsse + "Password", new XAttribute("Type", PasswordDigestType), Digest),
                new XElement(wsse + "Nonce", new XAttribute("EncodingType", Base64BinaryType), Convert.ToBase64String(Nonce)),
                new XElement(wsu + "Created", Created)));
    }
}
