namespace VmsServices.Hosting;

/// <summary>
/// Expected failures of a request, each with a message fit to show a user. The HTTP layer maps
/// each kind to its status code in one place (<see cref="Http.ProblemMapping"/>).
/// </summary>
public abstract class RequestFailure(string title, string detail) : Exception(detail)
{
    public string Title { get; } = title;
}

public sealed class InvalidRequestException(string detail) : RequestFailure("Invalid request", detail);

public sealed class NotFoundException(string detail) : RequestFailure("Not found", detail);

public sealed class ConflictException(string detail) : RequestFailure("Conflict", detail);

public sealed class UnavailableException(string detail) : RequestFailure("Unavailable", detail);

/// <summary>A device or peer this service depends on answered badly or not at all (502).</summary>
public sealed class UpstreamException(string detail) : RequestFailure("Bad gateway", detail);
