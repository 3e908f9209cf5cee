using Catalog.EditorConsole;
using Catalog.Grpc;
using Catalog.Hosting;
using Catalog.Projections.Rebuilding;
using ServiceDefaults;

if (RebuildCommand.Matches(args)) return await RebuildCommand.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCatalog();
builder.AddCatalogGrpc();

var app = builder.Build();
app.MapServiceDefaults();
app.MapCatalog();
app.MapCatalogGrpc();
app.MapConsole();
await app.RunAsync();
return 0;

public partial class Program;
