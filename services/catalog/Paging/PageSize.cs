using Microsoft.Extensions.Options;

namespace Catalog.Paging;

/// <summary>The one rule for <c>limit</c> on every paged read: <c>Catalog:DefaultPageSize</c> when absent, 1 to <c>Catalog:MaxPageSize</c>.</summary>
public sealed class PageSize(IOptions<CatalogOptions> options)
{
    public int Of(int? limit)
    {
        var size = limit ?? options.Value.DefaultPageSize;
        return size >= 1 && size <= options.Value.MaxPageSize
            ? size
            : throw new ValidationException($"limit is between 1 and {options.Value.MaxPageSize}.");
    }
}
