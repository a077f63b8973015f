using VmsServices.Recording.Association;

namespace VmsServices.Recording.Serving;

/// <summary>
/// Test 507 of seed 000 FIG. 5 negative ([0092]): the segment is not held here and this server is
/// not the current recording server of the device, so the request should have gone elsewhere. The
/// answer is 421 Misdirected Request naming the current recording server from the configuration
/// copy (<c>currentRecordingServerId</c>, <c>currentRecordingServerAddress</c>), so a client can retry there.
/// </summary>
public static class Misdirected
{
    public static IResult Problem(AssociationTable table, string deviceId, string dataType, long startUtcMicros, string currentServerId)
    {
        var current = table.Server(currentServerId);
        var where = current is null ? $"'{currentServerId}'" : $"'{current.Id}' at {current.Address}";
        return TypedResults.Problem(
            $"Recording server '{table.LocalServerId}' does not hold the {dataType} segment of '{deviceId}' starting at {startUtcMicros} and is not its current recording server: ask {where}.",
            statusCode: StatusCodes.Status421MisdirectedRequest,
            title: "Misdirected request",
            extensions: new Dictionary<string, object?>
            {
                ["currentRecordingServerId"] = currentServerId,
                ["currentRecordingServerAddress"] = current?.Address,
            });
    }
}
