define(["@grafana/data"],function(e){return{plugin:null}});
//# sourceMappingURL=module.js.map
