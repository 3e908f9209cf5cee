using Catalog.Paging;
using Microsoft.Extensions.Options;
using ServiceDefaults.Problems;

namespace Catalog.Tests.Paging;

public sealed class CursorTests
{
    [Fact]
    public void EachShapeOfCursorRoundTrips()
    {
        var at = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc).AddTicks(7);
        var id = Guid.CreateVersion7();

        Assert.Equal((at, id), Cursor.Position(Cursor.OfPosition(at, id)));
        Assert.Equal(40, Cursor.Offset(Cursor.OfOffset(40)));
        Assert.Equal("anchor_ü.1", Cursor.Key(Cursor.OfKey("anchor_ü.1")));
    }

    [Theory]
    [InlineData("not-ours")]
    [InlineData("%%%")]
    [InlineData("")]
    public void ACursorThisApiDidNotGiveOutIsRefused(string cursor)
    {
        Assert.Throws<ValidationException>(() => Cursor.Position(cursor));
        Assert.Throws<ValidationException>(() => Cursor.Offset(cursor));
        Assert.Throws<ValidationException>(() => Cursor.Key(cursor));
    }

    [Fact]
    public void OneListsCursorIsRefusedByAnother()
    {
        var offset = Cursor.OfOffset(3);
        var position = Cursor.OfPosition(DateTime.UnixEpoch, Guid.Empty);

        Assert.Throws<ValidationException>(() => Cursor.Position(offset));
        Assert.Throws<ValidationException>(() => Cursor.Key(offset));
        Assert.Throws<ValidationException>(() => Cursor.Offset(position));
        Assert.Throws<ValidationException>(() => Cursor.Offset(Cursor.OfKey("x")));
    }

    [Fact]
    public void APageSizeDefaultsAndIsBoundedByTheOptions()
    {
        var sizes = new PageSize(Options.Create(new CatalogOptions { DefaultPageSize = 20, MaxPageSize = 200 }));

        Assert.Equal(20, sizes.Of(null));
        Assert.Equal(200, sizes.Of(200));
        Assert.Equal("limit is between 1 and 200.", Assert.Throws<ValidationException>(() => sizes.Of(0)).Message);
        Assert.Throws<ValidationException>(() => sizes.Of(201));
    }
}
