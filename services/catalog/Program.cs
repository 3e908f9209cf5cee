using Contracts.Recordings;
using EventLog;
using ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddEventLog(builder.Configuration, types => types.AddRecordingEvents());

var app = builder.Build();
app.MapServiceDefaults();
app.Run();

public partial class Program;
