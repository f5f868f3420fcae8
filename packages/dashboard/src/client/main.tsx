import { render } from "preact";
import { App } from "./app.js";
import "./style.css";
import "highlight.js/styles/github.css";

render(<App />, document.getElementById("app") as HTMLElement);
