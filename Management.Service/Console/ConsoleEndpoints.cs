using Microsoft.Extensions.FileProviders;
using VmsServices.Management.OperatorConsole;

// In the node's namespace, beside MapManagementNode, which calls it.
namespace VmsServices.Management;

/// <summary>
/// Serves the operator console (Console/README.md) under <see cref="BasePath"/>, and sends "/" there.
/// Its files are embedded in this assembly by the build (a manifest keeps their folder names), so
/// the management server needs no web root on disk and no separate web server, and the browser
/// loads nothing from anywhere else. The console itself only calls the public HTTP API.
/// </summary>
public static class ConsoleEndpoints
{
    public const string BasePath = "/console";
    private const string EmbeddedRoot = "Console/wwwroot";

    public static WebApplication MapConsole(this WebApplication app)
    {
        var files = new ManifestEmbeddedFileProvider(typeof(ConsoleEndpoints).Assembly, EmbeddedRoot);
        // PathBase kept so that the redirect also holds behind a reverse proxy that mounts the server on a path.
        app.MapGet("/", (HttpContext http) => Results.Redirect($"{http.Request.PathBase}{BasePath}/")).ExcludeFromDescription().AllowAnonymous();
        // "/console" is redirected to "/console/" and "/console/" served as index.html, so that the
        // console's relative URLs (js/app.js, ../api/) resolve the same way whatever the mount point.
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = BasePath });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = BasePath,
            ContentTypeProvider = ConsoleResponseHeaders.ContentTypes(),
            OnPrepareResponse = ConsoleResponseHeaders.Apply,
        });
        return app;
    }
}
