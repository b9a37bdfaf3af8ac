// Command wasm is the planner's bridge between the browser and the engine:
// compiled with GOOS=js GOARCH=wasm, it exposes a global `commontext`
// object whose functions take and return strings (JSON), and does nothing
// else. All planning, rendering and encoding is in pure-Go packages
// (planpage and below), tested natively.
//
// Every call runs under recover: a panic anywhere below becomes an error
// value the page shows, and the module keeps working — an unrecovered
// panic would end the Go program and leave the page dead until reload.
package main
