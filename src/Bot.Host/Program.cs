using Bot.Catalog;
using Bot.Host.Admin;
using Bot.Host.Alerts;
using Bot.Host.LocalConsole;
using Bot.Host.Delivery;
using Bot.Host.Endpoints;
using Bot.Host.Hosting;
using Bot.Host.Incidents;
using Bot.Host.OnCall;
using Bot.Host.Postmortems;
using Bot.Host.Slos;
using Bot.Host.Stakeholders;
using Bot.MsTeams;
using Bot.Persistence;
using Bot.Prometheus;
using Bot.Scheduling;
using Bot.Slack;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCatalog();
builder.AddPersistence();
builder.AddScheduling();
builder.AddAdminApi();
builder.AddConsoleChat();
builder.AddSlack();
builder.AddMsTeams();
builder.AddIncidents();
builder.AddOnCall();
builder.AddEscalation();
builder.AddPrometheus();
builder.AddSlos();
builder.AddStakeholders();
builder.AddPostmortems();
builder.AddActionItems();
builder.AddAlertSources();
builder.AddDelivery();

var app = builder.Build();

app.UseServiceDefaults();
app.MapHealthEndpoints();
app.MapCatalogEndpoints();
app.MapAlertEndpoints();
app.MapIncidentEndpoints();
app.MapOnCallEndpoints();
app.MapSloEndpoints();
app.MapPostmortemEndpoints();
app.MapActionItemEndpoints();
app.MapConsoleEndpoints();
app.MapSlackEndpoints();
app.MapMsTeamsEndpoints();

return await app.RunUntilStoppedAsync();
