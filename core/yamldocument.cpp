#include "yamldocument.h"
