import { woTsup } from "../../tsup.base.ts";

export default woTsup();
