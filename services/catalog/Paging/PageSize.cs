using Microsoft.Extensions.Options;

namespace Catalog.Paging;

/// <summary>The one rule for <c>limit</c> on every paged read: <c>Catalog:DefaultPageSize</c> when absent, 1 to <c>Catalog:MaxPageSize</c>.</summary>
public sealed class PageSize(IOptions<CatalogOptions> options)
{
    /// <summary>Why this limit is refused, or null when it is fine; REST answers it, gRPC goes through <see cref="Of"/>.</summary>
    public Rejection? Check(int? limit)
    {
        var size = limit ?? options.Value.DefaultPageSize;
        return size >= 1 && size <= options.Value.MaxPageSize ? null : Rejection.Invalid($"limit is between 1 and {options.Value.MaxPageSize}.");
    }

    public int Of(int? limit) =>
        Check(limit) is { } refused ? throw new ValidationException(refused.Detail) : limit ?? options.Value.DefaultPageSize;
}
