using System.Reflection;
using Catalog.SigningIn;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace Catalog.Programs.Moderating;

/// <summary><c>POST /v1/programs/{programId}/hide</c> and <c>/restore</c>, for editors.</summary>
public static class ModerateProgramEndpoints
{
    public static RouteGroupBuilder MapModerateProgram(this RouteGroupBuilder v1)
    {
        v1.MapPost("/programs/{programId}/hide", HideAsync).WithName("HideProgram").ForEditors();
        v1.MapPost("/programs/{programId}/restore", RestoreAsync).WithName("RestoreProgram").ForEditors();
        return v1;
    }

    public static async Task<Results<Ok<ModerationAnswer>, ModerationRefused>> HideAsync(Guid programId, HideProgramRequest? body,
        ModerateProgram moderate, Principals principals, HttpContext context, CancellationToken ct)
    {
        var editor = await principals.RequireEditorAsync(context, ct);
        return Answer(await moderate.HideAsync(programId, body?.Reason, editor.Name, ct));
    }

    public static async Task<Results<Ok<ModerationAnswer>, ModerationRefused>> RestoreAsync(Guid programId,
        ModerateProgram moderate, Principals principals, HttpContext context, CancellationToken ct)
    {
        var editor = await principals.RequireEditorAsync(context, ct);
        return Answer(await moderate.RestoreAsync(programId, editor.Name, ct));
    }

    private static Results<Ok<ModerationAnswer>, ModerationRefused> Answer(ModerationResult result) =>
        result.Refused is { } refused ? new ModerationRefused(refused) : TypedResults.Ok(result.Answer!);
}

/// <summary>How hiding or restoring is refused: a bad reason (400), no such program (404), an edit in between (412).</summary>
public sealed class ModerationRefused(Rejection rejection) : TypedProblem(rejection), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Declare(builder, RejectionKind.Invalid, RejectionKind.NotFound, RejectionKind.PreconditionFailed);
}
