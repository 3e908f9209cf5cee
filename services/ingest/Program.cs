using Ingest;
using Ingest.Demo;
using ServiceDefaults;

if (DemoCommand.Matches(args)) return await DemoCommand.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIngest();

var app = builder.Build();
app.MapServiceDefaults();
app.MapIngest();
await app.RunAsync();
return 0;

public partial class Program;
