import type { MessagesIn } from '../messages.js';

/**
 * Interface text of the search screens, kept apart so work on one part of the app does not
 * touch the others' text; en.ts, ru.ts and zh.ts spread these in at their top level.
 */
export const searchEn = {
  search: {
    saved: {
      title: 'Saved searches',
      none: 'None yet: search, filter, then save it here.',
      save: 'Save search',
      name: 'Name of the search',
      create: 'Save',
      cancel: 'Cancel',
      nameRequired: 'Give the search a name.',
      current: '(current)',
      rename: 'Rename',
      renameSave: 'Save name',
      delete: 'Delete',
      actions: 'Saved search actions',
      confirmDelete: 'Delete the saved search “{{name}}”? The entries it finds stay as they are.',
    },
    tree: {
      expand: 'Show the tags under it',
      collapse: 'Hide the tags under it',
    },
    hint: 'Not searchable yet:',
    empty: {
      title: 'The catalogue is empty',
      text: 'Load the demo catalogue to see what Ratio does, import a partner’s bundle or a CSV file, or write the first entry yourself.',
      demo: 'Load the demo catalogue',
      loading: 'Loading the demo catalogue…',
      import: 'Import entries',
      newEntry: 'Write the first entry',
    },
    condensed: {
      terms_one: 'A long query: ranked by its {{count}} most informative term of {{terms}}.',
      terms_other: 'A long query: ranked by its {{count}} most informative terms of {{terms}}.',
      wordsLeftOut_one: 'The {{count}} word after the first {{read}} was not read.',
      wordsLeftOut_other: 'The {{count}} words after the first {{read}} were not read.',
    },
    expansion: {
      label: 'Thesaurus expansion of the query',
      alsoSearched: 'Also searched:',
      hint: 'Added by the thesaurus; click to search without it',
      narrowerHint: 'A narrower concept, searched at a lower weight; click to leave it out',
      matchedVia: 'matched via {{languages}}',
    },
    didYouMean: 'Did you mean',
    didYouMeanHits_one: '({{count}} entry)',
    didYouMeanHits_other: '({{count}} entries)',
    moreLikeThis: 'More like this',
    moreLikeThisHint: 'Search the library with this entry’s own text',
  },
};

export const searchRu: MessagesIn<typeof searchEn, 'ru'> = {
  search: {
    saved: {
      title: 'Сохранённые поиски',
      none: 'Пока нет: найдите, отфильтруйте и сохраните поиск здесь.',
      save: 'Сохранить поиск',
      name: 'Название поиска',
      create: 'Сохранить',
      cancel: 'Отмена',
      nameRequired: 'Дайте поиску название.',
      current: '(текущий)',
      rename: 'Переименовать',
      renameSave: 'Сохранить название',
      delete: 'Удалить',
      actions: 'Действия с сохранённым поиском',
      confirmDelete: 'Удалить сохранённый поиск «{{name}}»? Записи, которые он находит, останутся как есть.',
    },
    tree: {
      expand: 'Показать вложенные теги',
      collapse: 'Скрыть вложенные теги',
    },
    hint: 'Пока нельзя искать:',
    empty: {
      title: 'Каталог пуст',
      text: 'Загрузите демонстрационный каталог, чтобы увидеть, что умеет программа, импортируйте пакет партнёра или таблицу либо напишите первую запись сами.',
      demo: 'Загрузить демонстрационный каталог',
      loading: 'Загружается демонстрационный каталог…',
      import: 'Импортировать записи',
      newEntry: 'Написать первую запись',
    },
    condensed: {
      terms_one: 'Длинный запрос: ранжирован по {{count}} самому информативному термину из {{terms}}.',
      terms_few: 'Длинный запрос: ранжирован по {{count}} самым информативным терминам из {{terms}}.',
      terms_many: 'Длинный запрос: ранжирован по {{count}} самым информативным терминам из {{terms}}.',
      terms_other: 'Длинный запрос: ранжирован по {{count}} самым информативным терминам из {{terms}}.',
      wordsLeftOut_one: '{{count}} слово после первых {{read}} не прочитано.',
      wordsLeftOut_few: '{{count}} слова после первых {{read}} не прочитаны.',
      wordsLeftOut_many: '{{count}} слов после первых {{read}} не прочитаны.',
      wordsLeftOut_other: '{{count}} слова после первых {{read}} не прочитаны.',
    },
    expansion: {
      label: 'Расширение запроса по тезаурусу',
      alsoSearched: 'Искали также:',
      hint: 'Добавлено по тезаурусу; нажмите, чтобы искать без этого',
      narrowerHint: 'Более узкое понятие, с меньшим весом; нажмите, чтобы исключить',
      matchedVia: 'найдено через: {{languages}}',
    },
    didYouMean: 'Возможно, вы имели в виду',
    didYouMeanHits_one: '({{count}} запись)',
    didYouMeanHits_few: '({{count}} записи)',
    didYouMeanHits_many: '({{count}} записей)',
    didYouMeanHits_other: '({{count}} записи)',
    moreLikeThis: 'Похожие по тексту',
    moreLikeThisHint: 'Искать в каталоге по тексту этой записи',
  },
};

export const searchZh: MessagesIn<typeof searchEn, 'zh'> = {
  search: {
    saved: {
      title: '已保存的搜索',
      none: '还没有：先搜索、筛选，再在这里保存。',
      save: '保存搜索',
      name: '搜索名称',
      create: '保存',
      cancel: '取消',
      nameRequired: '请为搜索命名。',
      current: '（当前）',
      rename: '重命名',
      renameSave: '保存名称',
      delete: '删除',
      actions: '已保存搜索的操作',
      confirmDelete: '删除已保存的搜索“{{name}}”？它找到的条目保持不变。',
    },
    tree: {
      expand: '显示下级标签',
      collapse: '隐藏下级标签',
    },
    hint: '暂时无法搜索：',
    empty: {
      title: '目录是空的',
      text: '载入演示目录看看本程序能做什么，导入合作方的数据包或表格文件，或者亲自撰写第一个条目。',
      demo: '载入演示目录',
      loading: '正在载入演示目录…',
      import: '导入条目',
      newEntry: '撰写第一个条目',
    },
    condensed: {
      terms_other: '长查询：按其 {{terms}} 个词语中信息量最大的 {{count}} 个排序。',
      wordsLeftOut_other: '前 {{read}} 个词之后的 {{count}} 个词未被读取。',
    },
    expansion: {
      label: '按叙词表扩展的查询',
      alsoSearched: '同时检索：',
      hint: '由叙词表加入；点击可不再检索',
      narrowerHint: '下位概念，权重较低；点击可排除',
      matchedVia: '匹配语言：{{languages}}',
    },
    didYouMean: '您是不是要找',
    didYouMeanHits_other: '（{{count}} 个条目）',
    moreLikeThis: '查找相似内容',
    moreLikeThisHint: '用此条目的文本检索成果库',
  },
};
