#ifndef READINESS_CLIBYAML_SHIM_H
#define READINESS_CLIBYAML_SHIM_H
#include <yaml.h>
#endif
