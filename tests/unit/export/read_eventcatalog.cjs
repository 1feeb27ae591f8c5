// Read a catalog folder with EventCatalog's own SDK (@eventcatalog/sdk) and print what it sees as JSON.
const sdk = require("@eventcatalog/sdk");
const utils = sdk.default || sdk;

(async () => {
  const catalog = utils(process.argv[2]);
  const ids = (items) => (items || []).map((item) => `${item.id}@${item.version}`).sort();
  const services = {};
  for (const service of await catalog.getServices()) {
    services[service.id] = {
      name: service.name,
      sends: (service.sends || []).map((p) => p.id).sort(),
      receives: (service.receives || []).map((p) => p.id).sort(),
    };
  }
  const placed = await catalog.getEvent("OrderPlaced", undefined, { attachSchema: true });
  console.log(
    JSON.stringify({
      events: ids(await catalog.getEvents()),
      commands: ids(await catalog.getCommands()),
      queries: ids(await catalog.getQueries()),
      services,
      orderPlacedSchema: placed.schema,
    })
  );
})();
