using Ingest;
using ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIngest();

var app = builder.Build();
app.MapServiceDefaults();
app.MapIngest();
app.Run();

public partial class Program;
