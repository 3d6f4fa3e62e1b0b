using Bot.Catalog;
using Bot.Host.Admin;
using Bot.Host.Endpoints;
using Bot.Host.Hosting;
using Bot.Persistence;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCatalog();
builder.AddPersistence();
builder.AddAdminApi();

var app = builder.Build();

app.UseServiceDefaults();
app.MapHealthEndpoints();
app.MapCatalogEndpoints();

return await app.RunUntilStoppedAsync();
