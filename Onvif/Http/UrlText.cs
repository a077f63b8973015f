namespace VmsServices.Onvif.Http;

/// <summary>A URL as it may appear in messages: no user info (it can hold a password), no query.</summary>
internal static class UrlText
{
    public static string ForMessages(Uri uri) =>
        uri.IsAbsoluteUri ? $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}" : "(relative URL)";
}
