using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EventLog;

/// <summary>
/// Operator endpoints for the log's subscriptions: status, dead letters, replaying what was skipped, restarting a
/// stopped one. The host maps them under its own admin group and guards them with its own keys.
/// </summary>
public static class SubscriptionAdminEndpoints
{
    public static RouteGroupBuilder MapSubscriptionAdmin(this IEndpointRouteBuilder endpoints, string prefix)
    {
        var group = endpoints.MapGroup(prefix);
        // The answers are written with the log's own JSON contract, so their schemas are declared here.
        group.MapGet("", ListAsync).WithName("ListSubscriptions").Produces<SubscriptionStatusView[]>();
        group.MapGet("/{name}/dead-letters", DeadLettersAsync).WithName("ListDeadLetters").Produces<DeadLetterView[]>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{name}/replay-dead-letters", ReplayAsync).WithName("ReplayDeadLetters").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{name}/restart", RestartAsync).WithName("RestartSubscription").ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<JsonHttpResult<SubscriptionStatusView[]>> ListAsync(SubscriptionAdmin admin, CancellationToken ct) =>
        TypedResults.Json((await admin.StatusAsync(ct: ct)).Select(SubscriptionStatusView.From).ToArray(), AdminJson.Default.SubscriptionStatusViewArray);

    private static async Task<Results<JsonHttpResult<DeadLetterView[]>, ProblemHttpResult>> DeadLettersAsync(
        string name, SubscriptionAdmin admin, CancellationToken ct)
    {
        if (!await ExistsAsync(admin, name, ct)) return NotFound(name);
        var letters = await admin.DeadLettersAsync(name, ct);
        return TypedResults.Json(letters.Select(DeadLetterView.From).ToArray(), AdminJson.Default.DeadLetterViewArray);
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> ReplayAsync(string name, SubscriptionAdmin admin, CancellationToken ct)
    {
        if (!await ExistsAsync(admin, name, ct)) return NotFound(name);
        await admin.RequestReplayAsync(name, ct);
        return TypedResults.Accepted($"{name}/dead-letters");
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> RestartAsync(string name, SubscriptionAdmin admin, CancellationToken ct)
    {
        if (!await ExistsAsync(admin, name, ct)) return NotFound(name);
        await admin.RestartAsync(name, ct);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<bool> ExistsAsync(SubscriptionAdmin admin, string name, CancellationToken ct) =>
        (await admin.StatusAsync(name, ct)).Count > 0;

    private static ProblemHttpResult NotFound(string name) =>
        TypedResults.Problem($"No subscription named '{name}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown subscription");
}

public sealed record SubscriptionStatusView(
    string Name, string State, long Position, long Head, long LagEvents, double LagSeconds, string? LastError, long DeadLetters)
{
    public static SubscriptionStatusView From(SubscriptionStatus s) => new(
        s.Name, s.State == SubscriptionState.Stopped ? "stopped" : "running", s.Checkpoint.Position, s.Head.Position,
        s.LagEvents, Math.Round(s.LagSeconds, 3), s.LastError, s.DeadLetters);
}

public sealed record DeadLetterView(long Position, string StreamId, string EventType, string Error, int Attempts, DateTimeOffset FailedAt, DateTimeOffset? ReplayedAt)
{
    public static DeadLetterView From(DeadLetter d) => new(d.Position, d.StreamId, d.EventType, d.Error, d.Attempts, d.FailedAt, d.ReplayedAt);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SubscriptionStatusView[]))]
[JsonSerializable(typeof(DeadLetterView[]))]
internal sealed partial class AdminJson : JsonSerializerContext;
