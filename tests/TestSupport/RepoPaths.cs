namespace VmsServices.TestSupport;

/// <summary>Finds the repository and the build output of the services the tests run as processes.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, whichever the test assembly itself was built as.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public static string ServiceDll(string projectFolder, string assemblyName)
    {
        var path = Path.Combine(Root, projectFolder, "bin", Configuration, "net10.0", assemblyName + ".dll");
        if (!File.Exists(path)) throw new FileNotFoundException($"Build {projectFolder} first (dotnet build VmsServices.sln).", path);
        return path;
    }

    public static string NewScratchDirectory(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), "vms-tests", $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "VmsServices.sln"))) return dir.FullName;
        throw new InvalidOperationException("VmsServices.sln not found above " + AppContext.BaseDirectory);
    }
}
