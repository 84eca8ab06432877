/// The API's OpenAPI 3.1 description, served at /api/v1/openapi.json (a test checks every
/// route against it).
enum OpenAPIDocument {
    static let json = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "SalesMetrics API",
            "version": "1.0.0",
            "description": "B2B sales KPIs computed exactly from CRM data. Every route except /healthz and this document needs `Authorization: Bearer TOKEN` (salesmetrics token create). Reads take any active token; writes need the admin role. Errors are JSON: {\"error\": {\"status\", \"message\", \"issues\"}}."
          },
          "servers": [
            {
              "url": "/"
            }
          ],
          "security": [
            {
              "bearer": []
            }
          ],
          "paths": {
            "/healthz": {
              "get": {
                "summary": "Liveness check",
                "security": [],
                "responses": {
                  "200": {
                    "description": "The server is up.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object",
                          "properties": {
                            "status": {
                              "type": "string",
                              "const": "ok"
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            },
            "/metrics": {
              "get": {
                "summary": "Prometheus metrics of the server (requests, latency, data version)",
                "responses": {
                  "200": {
                    "description": "Prometheus text format 0.0.4.",
                    "content": {
                      "text/plain": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              }
            },
            "/api/v1/openapi.json": {
              "get": {
                "summary": "This document",
                "security": [],
                "responses": {
                  "200": {
                    "description": "OpenAPI 3.1",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/v1/report": {
              "get": {
                "summary": "Every KPI per period: the JSON of `salesmetrics report --format json` (SPEC §5)",
                "parameters": [
                  {
                    "name": "from",
                    "in": "query",
                    "required": false,
                    "description": "First day, YYYY-MM-DD (inclusive). Default: one year before `to`.",
                    "schema": {
                      "type": "string",
                      "format": "date"
                    }
                  },
                  {
                    "name": "to",
                    "in": "query",
                    "required": false,
                    "description": "End day, YYYY-MM-DD (exclusive). Default: the start of the period after the latest data.",
                    "schema": {
                      "type": "string",
                      "format": "date"
                    }
                  },
                  {
                    "name": "grain",
                    "in": "query",
                    "required": false,
                    "description": "Period length.",
                    "schema": {
                      "type": "string",
                      "enum": [
                        "week",
                        "month",
                        "quarter",
                        "year"
                      ],
                      "default": "month"
                    }
                  },
                  {
                    "name": "by",
                    "in": "query",
                    "required": false,
                    "description": "Break every metric down by one dimension.",
                    "schema": {
                      "type": "string",
                      "enum": [
                        "owner",
                        "team",
                        "source",
                        "segment",
                        "product",
                        "region"
                      ]
                    }
                  },
                  {
                    "name": "metrics",
                    "in": "query",
                    "required": false,
                    "description": "Comma-separated metric ids (GET /api/v1/metrics). Default: all.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "timezone",
                    "in": "query",
                    "required": false,
                    "description": "IANA time zone of the periods.",
                    "schema": {
                      "type": "string",
                      "default": "UTC"
                    }
                  },
                  {
                    "name": "fiscal_year_start_month",
                    "in": "query",
                    "required": false,
                    "description": "Month in which the fiscal year starts.",
                    "schema": {
                      "type": "integer",
                      "minimum": 1,
                      "maximum": 12,
                      "default": 1
                    }
                  },
                  {
                    "name": "currency",
                    "in": "query",
                    "required": false,
                    "description": "Currency code printed with amounts.",
                    "schema": {
                      "type": "string",
                      "default": "USD"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The report.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Report"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/Error"
                  },
                  "401": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              }
            },
            "/api/v1/metrics": {
              "get": {
                "summary": "The metric catalog",
                "responses": {
                  "200": {
                    "description": "Every metric with its definition.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Catalog"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/Error"
                  },
                  "401": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              }
            },
            "/api/v1/records/{entity}": {
              "get": {
                "summary": "Stored rows of one entity, in arrival order, paged and filtered by column values",
                "parameters": [
                  {
                    "name": "entity",
                    "in": "path",
                    "required": true,
                    "description": "Entity (a dataset file's name without .csv).",
                    "schema": {
                      "type": "string",
                      "enum": [
                        "reps",
                        "accounts",
                        "leads",
                        "opportunities",
                        "stage_history",
                        "subscriptions",
                        "spend",
                        "quotas",
                        "forecasts",
                        "activities",
                        "surveys"
                      ]
                    }
                  },
                  {
                    "name": "limit",
                    "in": "query",
                    "required": false,
                    "description": "Rows per page.",
                    "schema": {
                      "type": "integer",
                      "minimum": 1,
                      "maximum": 1000,
                      "default": 100
                    }
                  },
                  {
                    "name": "offset",
                    "in": "query",
                    "required": false,
                    "description": "Rows to skip.",
                    "schema": {
                      "type": "integer",
                      "minimum": 0,
                      "default": 0
                    }
                  },
                  {
                    "name": "filters",
                    "in": "query",
                    "style": "form",
                    "explode": true,
                    "description": "Any column of the entity as COLUMN=VALUE: only rows whose value equals it.",
                    "schema": {
                      "type": "object",
                      "additionalProperties": {
                        "type": "string"
                      }
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "description": "One page.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Records"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/Error"
                  },
                  "401": {
                    "$ref": "#/components/responses/Error"
                  },
                  "404": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              }
            },
            "/api/v1/import": {
              "post": {
                "summary": "Import CSV files (all or nothing, the same validation as `salesmetrics import`)",
                "parameters": [
                  {
                    "name": "entity",
                    "in": "query",
                    "required": false,
                    "description": "Entity of a text/csv body (not used with multipart).",
                    "schema": {
                      "type": "string",
                      "enum": [
                        "reps",
                        "accounts",
                        "leads",
                        "opportunities",
                        "stage_history",
                        "subscriptions",
                        "spend",
                        "quotas",
                        "forecasts",
                        "activities",
                        "surveys"
                      ]
                    }
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "text/csv": {
                      "schema": {
                        "type": "string"
                      }
                    },
                    "multipart/form-data": {
                      "schema": {
                        "type": "object",
                        "description": "One file per entity, named by the part's filename (opportunities.csv) or name (opportunities).",
                        "additionalProperties": {
                          "type": "string",
                          "format": "binary"
                        }
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "What changed per entity.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ImportSummary"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/Error"
                  },
                  "401": {
                    "$ref": "#/components/responses/Error"
                  },
                  "403": {
                    "$ref": "#/components/responses/Error"
                  },
                  "413": {
                    "$ref": "#/components/responses/Error"
                  },
                  "422": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              }
            },
            "/api/v1/{entity}/{id}": {
              "put": {
                "summary": "Insert or update one record by id (a CRM webhook's push)",
                "parameters": [
                  {
                    "name": "entity",
                    "in": "path",
                    "required": true,
                    "description": "Entity with ids.",
                    "schema": {
                      "type": "string",
                      "enum": [
                        "reps",
                        "accounts",
                        "leads",
                        "opportunities",
                        "subscriptions",
                        "surveys"
                      ]
                    }
                  },
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "The record's id.",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "type": "object",
                        "description": "Column names of the entity (docs/data-format.md) to strings, numbers or null; required columns must be present. Columns left out keep their stored values.",
                        "additionalProperties": {
                          "type": [
                            "string",
                            "number",
                            "boolean",
                            "null"
                          ]
                        }
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "Updated or unchanged.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Upsert"
                        }
                      }
                    }
                  },
                  "201": {
                    "description": "Inserted.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Upsert"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/Error"
                  },
                  "401": {
                    "$ref": "#/components/responses/Error"
                  },
                  "403": {
                    "$ref": "#/components/responses/Error"
                  },
                  "404": {
                    "$ref": "#/components/responses/Error"
                  },
                  "413": {
                    "$ref": "#/components/responses/Error"
                  },
                  "422": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              },
              "delete": {
                "summary": "Delete one record by id",
                "parameters": [
                  {
                    "name": "entity",
                    "in": "path",
                    "required": true,
                    "description": "Entity with ids.",
                    "schema": {
                      "type": "string",
                      "enum": [
                        "reps",
                        "accounts",
                        "leads",
                        "opportunities",
                        "subscriptions",
                        "surveys"
                      ]
                    }
                  },
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "The record's id.",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "204": {
                    "description": "Deleted."
                  },
                  "401": {
                    "$ref": "#/components/responses/Error"
                  },
                  "403": {
                    "$ref": "#/components/responses/Error"
                  },
                  "404": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              }
            }
          },
          "components": {
            "securitySchemes": {
              "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "A token from `salesmetrics token create`."
              }
            },
            "responses": {
              "Error": {
                "description": "A refused request, with a sentence saying why.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            },
            "schemas": {
              "Error": {
                "type": "object",
                "required": [
                  "error"
                ],
                "properties": {
                  "error": {
                    "type": "object",
                    "required": [
                      "status",
                      "message"
                    ],
                    "properties": {
                      "status": {
                        "type": "integer"
                      },
                      "message": {
                        "type": "string"
                      },
                      "issues": {
                        "type": "array",
                        "items": {
                          "$ref": "#/components/schemas/Issue"
                        }
                      }
                    }
                  }
                }
              },
              "Issue": {
                "type": "object",
                "required": [
                  "severity",
                  "file",
                  "message"
                ],
                "properties": {
                  "severity": {
                    "type": "string",
                    "enum": [
                      "error",
                      "warning"
                    ]
                  },
                  "file": {
                    "type": "string"
                  },
                  "line": {
                    "type": "integer"
                  },
                  "column": {
                    "type": "string"
                  },
                  "message": {
                    "type": "string"
                  }
                }
              },
              "Report": {
                "type": "object",
                "required": [
                  "currency",
                  "grain",
                  "timezone",
                  "fiscal_year_start_month",
                  "periods"
                ],
                "properties": {
                  "currency": {
                    "type": "string"
                  },
                  "grain": {
                    "type": "string"
                  },
                  "timezone": {
                    "type": "string"
                  },
                  "fiscal_year_start_month": {
                    "type": "integer"
                  },
                  "periods": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": [
                        "label",
                        "start",
                        "end",
                        "metrics"
                      ],
                      "properties": {
                        "label": {
                          "type": "string"
                        },
                        "start": {
                          "type": "string",
                          "format": "date"
                        },
                        "end": {
                          "type": "string",
                          "format": "date"
                        },
                        "metrics": {
                          "$ref": "#/components/schemas/MetricValues"
                        },
                        "groups": {
                          "type": "array",
                          "items": {
                            "type": "object",
                            "required": [
                              "dimension",
                              "key",
                              "metrics"
                            ],
                            "properties": {
                              "dimension": {
                                "type": "string"
                              },
                              "key": {
                                "type": "string"
                              },
                              "metrics": {
                                "$ref": "#/components/schemas/MetricValues"
                              }
                            }
                          }
                        }
                      }
                    }
                  }
                }
              },
              "MetricValues": {
                "type": "object",
                "description": "Metric id to value: money with at most 2 decimals, counts as integers, ratios unrounded; null when not computable.",
                "additionalProperties": {
                  "type": [
                    "number",
                    "null"
                  ]
                }
              },
              "Catalog": {
                "type": "object",
                "required": [
                  "metrics"
                ],
                "properties": {
                  "metrics": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": [
                        "id",
                        "label",
                        "category",
                        "unit",
                        "direction",
                        "definition",
                        "formula",
                        "example",
                        "requires",
                        "requires_any_of",
                        "dimensions"
                      ],
                      "properties": {
                        "id": {
                          "type": "string"
                        },
                        "label": {
                          "type": "string"
                        },
                        "category": {
                          "type": "string"
                        },
                        "unit": {
                          "type": "string"
                        },
                        "direction": {
                          "type": "string"
                        },
                        "definition": {
                          "type": "string"
                        },
                        "formula": {
                          "type": "string"
                        },
                        "example": {
                          "type": "string"
                        },
                        "requires": {
                          "type": "array",
                          "items": {
                            "type": "string"
                          }
                        },
                        "requires_any_of": {
                          "type": "array",
                          "items": {
                            "type": "string"
                          }
                        },
                        "dimensions": {
                          "type": "array",
                          "items": {
                            "type": "string"
                          }
                        }
                      }
                    }
                  }
                }
              },
              "Records": {
                "type": "object",
                "required": [
                  "entity",
                  "total",
                  "limit",
                  "offset",
                  "records"
                ],
                "properties": {
                  "entity": {
                    "type": "string"
                  },
                  "total": {
                    "type": "integer"
                  },
                  "limit": {
                    "type": "integer"
                  },
                  "offset": {
                    "type": "integer"
                  },
                  "records": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "additionalProperties": {
                        "type": [
                          "string",
                          "null"
                        ]
                      }
                    }
                  }
                }
              },
              "ImportSummary": {
                "type": "object",
                "required": [
                  "tables",
                  "warnings"
                ],
                "properties": {
                  "tables": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "object",
                      "required": [
                        "inserted",
                        "updated",
                        "unchanged"
                      ],
                      "properties": {
                        "inserted": {
                          "type": "integer"
                        },
                        "updated": {
                          "type": "integer"
                        },
                        "unchanged": {
                          "type": "integer"
                        }
                      }
                    }
                  },
                  "warnings": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Issue"
                    }
                  }
                }
              },
              "Upsert": {
                "type": "object",
                "required": [
                  "entity",
                  "id",
                  "result",
                  "warnings"
                ],
                "properties": {
                  "entity": {
                    "type": "string"
                  },
                  "id": {
                    "type": "string"
                  },
                  "result": {
                    "type": "string",
                    "enum": [
                      "inserted",
                      "updated",
                      "unchanged"
                    ]
                  },
                  "warnings": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Issue"
                    }
                  }
                }
              }
            }
          }
        }
        """#
}
