using Microsoft.AspNetCore.StaticFiles;

// Not "...Management.Console": a namespace named Console would hide System.Console in every file of VmsServices.Management.
namespace VmsServices.Management.OperatorConsole;

/// <summary>Content types, caching and browser-security headers of the console's files.</summary>
internal static class ConsoleResponseHeaders
{
    /// <summary>
    /// Only this server's own scripts, styles and API; media also from blob: (the live view's
    /// MediaSource, the export's download). No inline script or style, no framing.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The usual types by extension, with the charset of the console's text files (all UTF-8) said outright.</summary>
    public static FileExtensionContentTypeProvider ContentTypes()
    {
        var types = new FileExtensionContentTypeProvider();
        foreach (var (extension, type) in new[] { (".html", "text/html"), (".js", "text/javascript"), (".css", "text/css"), (".svg", "image/svg+xml") })
            types.Mappings[extension] = type + "; charset=utf-8";
        return types;
    }

    public static void Apply(StaticFileResponseContext context)
    {
        var headers = context.Context.Response.Headers;
        // Revalidate on every load: the static file middleware answers 304 to a matching ETag, and a
        // new build (new embedded files, new ETag) is picked up at once instead of after a max-age.
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (context.File.Name.EndsWith(".html", StringComparison.Ordinal))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Referrer-Policy"] = "no-referrer";
        }
    }
}
