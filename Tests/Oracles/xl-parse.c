/*
 * Reads an xl domain configuration with Xen's own configuration parser (libxlutil, from
 * libxen-dev) and prints the passthrough-related values one per line, interpreted the way
 * xl itself interprets them in tools/xl/xl_parse.c:
 *   irqs items:  strtoul(item, &end, 10), the whole item must be consumed;
 *   iomem items: sscanf("%" SCNx64 ",%" SCNx64 "%n@%" SCNx64 "%n"), all hex, without @GFN the
 *                mapping is 1:1.
 * String values are printed with backslash, newline, CR, tab and other control bytes escaped (`\\`,
 * `\n`, `\r`, `\t`, `\xHH`), so a value holding a line break cannot pass for two keys.
 * Exit status: 0 parsed, 1 parse or value error (message on stderr), 2 usage.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxlutil.h>

static void print_value(const char *key, const char *value)
{
    const unsigned char *p;
    printf("%s=", key);
    for (p = (const unsigned char *)value; *p; p++) {
        if (*p == '\\') fputs("\\\\", stdout);
        else if (*p == '\n') fputs("\\n", stdout);
        else if (*p == '\r') fputs("\\r", stdout);
        else if (*p == '\t') fputs("\\t", stdout);
        else if (*p < 0x20 || *p == 0x7f) printf("\\x%02x", *p);
        else putchar(*p);
    }
    putchar('\n');
}

static void print_string(XLU_Config *cfg, const char *key)
{
    const char *value;
    if (!xlu_cfg_get_string(cfg, key, &value, 1))
        print_value(key, value);
}

static void print_long(XLU_Config *cfg, const char *key)
{
    long value;
    if (!xlu_cfg_get_long(cfg, key, &value, 1))
        printf("%s=%ld\n", key, value);
}

int main(int argc, char **argv)
{
    XLU_ConfigList *list;
    int count, i;

    if (argc != 2) {
        fprintf(stderr, "usage: %s CONFIG\n", argv[0]);
        return 2;
    }
    XLU_Config *cfg = xlu_cfg_init(stderr, argv[1]);
    if (!cfg || xlu_cfg_readfile(cfg, argv[1])) {
        fprintf(stderr, "%s: xl cannot parse this configuration\n", argv[1]);
        return 1;
    }
    print_string(cfg, "name");
    print_long(cfg, "memory");
    print_long(cfg, "vcpus");
    print_string(cfg, "kernel");
    print_string(cfg, "ramdisk");
    print_string(cfg, "cmdline");
    print_string(cfg, "gic_version");
    print_string(cfg, "vuart");
    print_string(cfg, "device_tree");

    if (!xlu_cfg_get_list(cfg, "dtdev", &list, &count, 0)) {
        for (i = 0; i < count; i++)
            print_value("dtdev", xlu_cfg_get_listitem(list, i));
    }
    if (!xlu_cfg_get_list(cfg, "irqs", &list, &count, 0)) {
        for (i = 0; i < count; i++) {
            const char *item = xlu_cfg_get_listitem(list, i);
            char *end;
            unsigned long irq;
            if (!item) {
                fprintf(stderr, "irqs[%d] is not a simple value\n", i);
                return 1;
            }
            irq = strtoul(item, &end, 10);
            if (end == item || *end != '\0') {
                fprintf(stderr, "invalid irqs item: %s\n", item);
                return 1;
            }
            printf("irq=%lu\n", irq);
        }
    }
    if (!xlu_cfg_get_list(cfg, "iomem", &list, &count, 0)) {
        for (i = 0; i < count; i++) {
            const char *item = xlu_cfg_get_listitem(list, i);
            uint64_t start, pages, gfn;
            int used1 = 0, used2 = 0, ret;
            if (!item) {
                fprintf(stderr, "iomem[%d] is not a simple value\n", i);
                return 1;
            }
            ret = sscanf(item, "%" SCNx64 ",%" SCNx64 "%n@%" SCNx64 "%n", &start, &pages, &used1, &gfn, &used2);
            if (ret < 2 || (ret == 2 && item[used1] != '\0') || (ret == 3 && item[used2] != '\0')) {
                fprintf(stderr, "invalid iomem item: %s\n", item);
                return 1;
            }
            if (ret == 2)
                gfn = start;
            printf("iomem=start:%#" PRIx64 " pages:%#" PRIx64 " gfn:%#" PRIx64 "\n", start, pages, gfn);
        }
    }
    xlu_cfg_destroy(cfg);
    return 0;
}
