#include "analysis/plot.h"

#include "config.h"

#ifndef HAVE_PYTHON

int hs_plot_available(void)
{
    return 0;
}

int hs_plot(const char *kind, const char *input, const char *out, const char *hook,
            hs_error *err)
{
    (void)kind;
    (void)input;
    (void)out;
    (void)hook;
    hs_error_set(err, "plotting is unavailable: this hetsim was built without Python "
                      "(install python3-dev and python3-matplotlib, then configure again)");
    return -1;
}

#else

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <cjson/cJSON.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/datapath.h"
#include "base/json_read.h"
#include "base/text_file.h"

int hs_plot_available(void)
{
    return 1;
}

static PyObject *from_json(const cJSON *j)
{
    if (cJSON_IsNumber(j))
        return PyFloat_FromDouble(j->valuedouble);
    if (cJSON_IsString(j))
        return PyUnicode_FromString(j->valuestring);
    if (cJSON_IsBool(j))
        return PyBool_FromLong(cJSON_IsTrue(j));
    if (cJSON_IsArray(j)) {
        PyObject *l = PyList_New(0);
        for (const cJSON *e = j->child; l && e; e = e->next) {
            PyObject *v = from_json(e);
            if (!v || PyList_Append(l, v) < 0) {
                Py_XDECREF(v);
                Py_DECREF(l);
                return NULL;
            }
            Py_DECREF(v);
        }
        return l;
    }
    if (cJSON_IsObject(j)) {
        PyObject *d = PyDict_New();
        for (const cJSON *e = j->child; d && e; e = e->next) {
            PyObject *v = from_json(e);
            if (!v || PyDict_SetItemString(d, e->string, v) < 0) {
                Py_XDECREF(v);
                Py_DECREF(d);
                return NULL;
            }
            Py_DECREF(v);
        }
        return d;
    }
    Py_RETURN_NONE;
}

/* A CSV (our own: no quoted fields) as a list of dicts; fields that parse
 * as numbers become floats. */
static PyObject *from_csv(char *text)
{
    PyObject *rows = PyList_New(0);
    char *head[256];
    int ncol = 0, lineno = 0;
    for (char *line = text, *next; rows && line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (!*line)
            continue;
        char *fields[256];
        int n = 0;
        for (char *p = line; n < 256;) {
            fields[n++] = p;
            p = strchr(p, ',');
            if (!p)
                break;
            *p++ = '\0';
        }
        if (lineno++ == 0) {
            ncol = n;
            memcpy(head, fields, sizeof(char *) * (size_t)n);
            continue;
        }
        PyObject *d = PyDict_New();
        for (int c = 0; d && c < ncol && c < n; c++) {
            char *end;
            double v = strtod(fields[c], &end);
            PyObject *o = *fields[c] && !*end ? PyFloat_FromDouble(v)
                                              : PyUnicode_FromString(fields[c]);
            if (!o || PyDict_SetItemString(d, head[c], o) < 0) {
                Py_XDECREF(o);
                Py_CLEAR(d);
                break;
            }
            Py_DECREF(o);
        }
        if (!d || PyList_Append(rows, d) < 0) {
            Py_XDECREF(d);
            Py_CLEAR(rows);
            break;
        }
        Py_DECREF(d);
    }
    return rows;
}

/* The hook module: a user's file, or analysis/plots.py from the data dirs. */
static PyObject *load_hook(const char *hook, hs_error *err)
{
    char path[PATH_MAX];
    if (hook) {
        snprintf(path, sizeof path, "%s", hook);
    } else if (hs_data_find("analysis/plots.py", path, sizeof path) < 0) {
        hs_error_set(err, "plot: analysis/plots.py not found in the data directories");
        return NULL;
    }
    char *code;
    if (hs_read_text_file(path, (size_t)16 << 20, &code, NULL, err) < 0)
        return NULL;
    PyObject *compiled = Py_CompileString(code, path, Py_file_input);
    free(code);
    if (!compiled)
        return NULL;
    /* a fresh module each time: the interpreter outlives one plot */
    PyObject *mods = PyImport_GetModuleDict();
    if (PyDict_GetItemString(mods, "hetsim_plot_hook"))
        PyDict_DelItemString(mods, "hetsim_plot_hook");
    PyObject *mod = PyImport_ExecCodeModule("hetsim_plot_hook", compiled);
    Py_DECREF(compiled);
    return mod;
}

static void finalize_python(void)
{
    Py_FinalizeEx();
}

int hs_plot(const char *kind, const char *input, const char *out, const char *hook,
            hs_error *err)
{
    char *text;
    if (hs_read_text_file(input, (size_t)1 << 30, &text, NULL, err) < 0)
        return -1;
    size_t n = strlen(input);
    int is_json = n > 5 && strcmp(input + n - 5, ".json") == 0;
    cJSON *doc = NULL;
    if (is_json && hs_json_parse(input, text, &doc, err) < 0) {
        free(text);
        return -1;
    }
    /* one interpreter for the whole process: extension modules such as
     * numpy cannot be initialized twice, so it is finalized only at exit */
    if (!Py_IsInitialized()) {
        Py_InitializeEx(0);
        atexit(finalize_python);
    }
    int rc = -1;
    PyObject *mod = NULL, *fn = NULL, *data = NULL, *res = NULL;
    if (!(mod = load_hook(hook, err))) {
        if (PyErr_Occurred())
            goto pyfail;
        goto done;
    }
    if (!(fn = PyObject_GetAttrString(mod, "plot")) || !PyCallable_Check(fn)) {
        PyErr_Clear();
        hs_error_set(err, "%s: expected a function plot(kind, data, out)",
                     hook ? hook : "analysis/plots.py");
        goto done;
    }
    if (!(data = doc ? from_json(doc) : from_csv(text)))
        goto pyfail;
    if (!(res = PyObject_CallFunction(fn, "sOs", kind, data, out)))
        goto pyfail;
    rc = 0;
    goto done;
pyfail:
    if (PyErr_ExceptionMatches(PyExc_ValueError)) {
        /* the hook refuses the input: its message, no traceback */
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyErr_NormalizeException(&type, &value, &tb);
        PyObject *str = value ? PyObject_Str(value) : NULL;
        const char *msg = str ? PyUnicode_AsUTF8(str) : NULL;
        hs_error_set(err, "plot %s: %s: %s", kind, input, msg ? msg : "unusable input");
        Py_XDECREF(str);
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(tb);
        PyErr_Clear();
        goto done;
    }
    fprintf(stderr, "hetsim plot: the hook raised an exception:\n");
    PyErr_Print();
    hs_error_set_runtime(err, "plot %s: the hook failed (traceback above)", kind);
done:
    Py_XDECREF(res);
    Py_XDECREF(data);
    Py_XDECREF(fn);
    Py_XDECREF(mod);
    cJSON_Delete(doc);
    free(text);
    return rc;
}

#endif
